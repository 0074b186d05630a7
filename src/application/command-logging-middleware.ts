/**
 * Logs one line per dispatched command: its type, ids, aggregate, outcome and duration. Command data
 * is never logged, because it can hold secrets (a PIN on its way to being hashed): only the names of
 * its fields are. Register it first, so its timing spans every other middleware.
 */
import type { Logger } from './logger.ts';
import { describeError, type LogFields } from './logger.ts';
import type { CommandPipeline, Middleware } from './middleware.ts';
import type { DispatchOutcome } from './dispatch-outcome.ts';

const STARTED_AT = 'commandLogging.startedAt';

export interface CommandLoggingOptions {
  /** A monotonic clock in milliseconds; `performance.now` by default. */
  readonly now?: () => number;
}

export function createCommandLoggingMiddleware(logger: Logger, options: CommandLoggingOptions = {}): Middleware {
  const now = options.now ?? (() => performance.now());
  const durationMs = (pipeline: CommandPipeline): number | undefined => {
    const startedAt = pipeline.assigns.get(STARTED_AT);
    return typeof startedAt === 'number' ? Math.round((now() - startedAt) * 1000) / 1000 : undefined;
  };

  return {
    name: 'command-logging',
    beforeDispatch(pipeline) {
      pipeline.assigns.set(STARTED_AT, now());
    },
    afterDispatch(pipeline, outcome) {
      const fields = { ...commandFields(pipeline), ...outcomeFields(outcome), durationMs: durationMs(pipeline) };
      if (outcome.kind === 'conflict') logger.warn('command not dispatched: write conflict', fields);
      else logger.info(`command ${outcome.kind}`, fields);
    },
    afterFailure(pipeline, error) {
      logger.error('command failed', { ...commandFields(pipeline), durationMs: durationMs(pipeline), error: describeError(error) });
    },
  };
}

function commandFields(pipeline: CommandPipeline): LogFields {
  return {
    commandType: pipeline.command.type,
    commandId: pipeline.commandId,
    correlationId: pipeline.correlationId,
    causationId: pipeline.causationId,
    aggregate: pipeline.aggregateName,
    aggregateId: pipeline.aggregateId,
    dataFields: Object.keys(pipeline.command.data).sort(),
  };
}

function outcomeFields(outcome: DispatchOutcome): LogFields {
  switch (outcome.kind) {
    case 'accepted':
      return {
        outcome: outcome.kind,
        eventTypes: outcome.events.map((e) => e.eventType),
        streamVersion: outcome.streamVersion,
        position: outcome.position,
      };
    case 'rejected':
      return { outcome: outcome.kind, rejectionCode: outcome.rejection.code };
    case 'conflict':
      return { outcome: outcome.kind, attempts: outcome.attempts };
    case 'invalid':
      return { outcome: outcome.kind, invalidPaths: outcome.issues.map((i) => i.path) };
  }
}
