/**
 * Middleware around dispatch, on real databases: hook order, metadata that reaches the stored events,
 * halting, failures, and the command-logging middleware (which must never log command data).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandLoggingMiddleware } from '../../src/application/command-logging-middleware.ts';
import { createCommandDispatcher } from '../../src/application/command-dispatcher.ts';
import { createCommandRouter } from '../../src/application/command-router.ts';
import { createJsonLinesLogger } from '../../src/application/logger.ts';
import type { CommandPipeline, Middleware } from '../../src/application/middleware.ts';
import { accountStreamId } from '../../src/domain/ids.ts';
import type { EventStore } from '../../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.ts';
import {
  collectLogLines,
  createAccountAggregate,
  depositCommand,
  newAccountId,
  openAccountCommand,
  PIN,
} from '../support/command-dispatch-fixtures.ts';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

describe.each(testDatabaseKinds())('command middleware on %s', (kind) => {
  let database: TestDatabase;
  let store: EventStore;
  /** A store on a database that was closed: every read fails, as after losing the database. */
  let brokenStore: EventStore;
  const logs = collectLogLines();
  const logger = createJsonLinesLogger({ stdout: logs, stderr: logs });
  const dispatcherWith = (middleware: Middleware[], eventStore: EventStore = store) =>
    createCommandDispatcher({ eventStore, router: createCommandRouter().register(createAccountAggregate()), middleware, logger });

  /** Records every hook call as `<name>.<hook>[:<outcome>]`. */
  function recording(name: string, calls: string[], before?: (pipeline: CommandPipeline) => void): Middleware {
    return {
      name,
      beforeDispatch(pipeline) {
        calls.push(`${name}.before`);
        before?.(pipeline);
      },
      afterDispatch(_pipeline, outcome) {
        calls.push(`${name}.after:${outcome.kind}`);
      },
      afterFailure(_pipeline, error) {
        calls.push(`${name}.failure:${error instanceof Error ? error.name : 'unknown'}`);
      },
    };
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    store = createPostgresEventStore(database);
    const broken = await openTestDatabase(kind, { migrate: false });
    brokenStore = createPostgresEventStore(broken);
    await broken.close();
  });
  afterAll(async () => {
    await store?.close();
    await database?.close();
  });

  it('runs before hooks in order and after hooks in reverse order', async () => {
    const calls: string[] = [];
    const dispatcher = dispatcherWith([recording('outer', calls), recording('inner', calls)]);
    await dispatcher.dispatch(openAccountCommand(newAccountId()));
    expect(calls).toEqual(['outer.before', 'inner.before', 'inner.after:accepted', 'outer.after:accepted']);
  });

  it('passes rejections to the after hooks, and never shows them invalid commands', async () => {
    const calls: string[] = [];
    const dispatcher = dispatcherWith([recording('only', calls)]);
    await dispatcher.dispatch(depositCommand(newAccountId(), 5));
    await dispatcher.dispatch(depositCommand('not-a-uuid', 5));
    expect(calls).toEqual(['only.before', 'only.after:rejected']);
  });

  it('writes metadata added by middleware into every appended event, with the command ids', async () => {
    const seen: Partial<CommandPipeline>[] = [];
    const tagging: Middleware = {
      name: 'tagging',
      beforeDispatch(pipeline) {
        seen.push({ commandId: pipeline.commandId, correlationId: pipeline.correlationId, causationId: pipeline.causationId });
        pipeline.metadata.userId = 'teller-7';
        pipeline.metadata.commandType = 'overwritten by the dispatcher';
        pipeline.assigns.set('private', 'never stored');
      },
    };
    const accountId = newAccountId();
    const outcome = await dispatcherWith([tagging]).dispatch(openAccountCommand(accountId), { metadata: { requestId: 'r-1' } });
    const [stored] = await store.readStream(accountStreamId(accountId));
    expect(outcome.kind).toBe('accepted');
    expect(stored?.metadata).toEqual({ requestId: 'r-1', userId: 'teller-7', commandId: seen[0]?.commandId, commandType: 'Accounts.OpenAccount' });
    expect(seen[0]).toEqual({ commandId: stored?.causationId, correlationId: stored?.correlationId, causationId: stored?.causationId });
  });

  it('stops the dispatch when a middleware halts: the rejection is the outcome, nothing is appended', async () => {
    const calls: string[] = [];
    const rejection = { code: 'Unauthorized', message: 'Tellers may not open accounts.', details: { role: 'teller' } };
    const dispatcher = dispatcherWith([
      recording('first', calls, (pipeline) => pipeline.halt(rejection)),
      recording('second', calls),
    ]);
    const accountId = newAccountId();
    const outcome = await dispatcher.dispatch(openAccountCommand(accountId));
    expect(outcome).toEqual({ kind: 'rejected', rejection });
    expect(calls).toEqual(['first.before', 'second.after:rejected', 'first.after:rejected']);
    expect(await store.readStream(accountStreamId(accountId))).toEqual([]);
  });

  it('refuses halt once the command has been dispatched', async () => {
    const halting: Middleware = {
      name: 'late-halt',
      afterDispatch: (pipeline) => pipeline.halt({ code: 'TooLate', message: 'Too late.' }),
    };
    const calls: string[] = [];
    const dispatching = dispatcherWith([recording('watcher', calls), halting]).dispatch(openAccountCommand(newAccountId()));
    await expect(dispatching).rejects.toBeInstanceOf(Error);
    expect(calls).toEqual(['watcher.before', 'watcher.failure:Error']);
  });

  it('calls afterFailure, in reverse order, when the infrastructure fails, and re-throws', async () => {
    const calls: string[] = [];
    const dispatcher = dispatcherWith([recording('outer', calls), recording('inner', calls)], brokenStore);
    await expect(dispatcher.dispatch(openAccountCommand(newAccountId()))).rejects.toBeInstanceOf(Error);
    expect(calls).toEqual(['outer.before', 'inner.before', expect.stringMatching(/^inner\.failure:/), expect.stringMatching(/^outer\.failure:/)]);
  });

  describe('command logging', () => {
    it('logs type, ids, outcome and duration, and the names of the fields but never their values', async () => {
      const output = collectLogLines();
      const dispatcher = dispatcherWith([createCommandLoggingMiddleware(createJsonLinesLogger({ stdout: output, stderr: output }))]);
      const accountId = newAccountId();
      const opened = await dispatcher.dispatch(openAccountCommand(accountId, 'Grace Hopper'));
      const refused = await dispatcher.dispatch({ type: 'Accounts.WithdrawMoney', data: { accountId, amount: 10 } });
      const [openLine, refusedLine] = output.lines;
      expect(opened.kind).toBe('accepted');
      expect(openLine).toMatchObject({
        level: 'info',
        commandType: 'Accounts.OpenAccount',
        aggregateId: accountId,
        outcome: 'accepted',
        eventTypes: ['Accounts.AccountOpened'],
        dataFields: ['accountId', 'commandId', 'issuedAt', 'owner', 'pin'],
      });
      expect(typeof openLine?.commandId).toBe('string');
      expect(openLine?.correlationId).toBe(openLine?.commandId);
      expect(openLine?.durationMs).toBeGreaterThanOrEqual(0);
      expect(refused.kind).toBe('rejected');
      expect(refusedLine).toMatchObject({ level: 'info', outcome: 'rejected', rejectionCode: 'InsufficientFunds' });
      const everything = output.raw.join('');
      for (const secret of [PIN, 'Grace Hopper', 'scrypt$']) expect(everything).not.toContain(secret);
    });

    it('logs failures at error level with the error, still without data', async () => {
      const output = collectLogLines();
      const dispatcher = dispatcherWith([createCommandLoggingMiddleware(createJsonLinesLogger({ stdout: output, stderr: output }))], brokenStore);
      await expect(dispatcher.dispatch(openAccountCommand(newAccountId()))).rejects.toBeInstanceOf(Error);
      expect(output.lines).toEqual([expect.objectContaining({ level: 'error', commandType: 'Accounts.OpenAccount', error: expect.objectContaining({ name: expect.any(String) }) })]);
      expect(output.raw.join('')).not.toContain(PIN);
    });
  });
});
