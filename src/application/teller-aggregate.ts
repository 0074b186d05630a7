/**
 * The teller (one ATM) aggregate as the command pipeline sees it: the domain's commands, routed by
 * `atmId` to the stream `teller-<atmId>`. No preparation is needed: no teller command carries a secret.
 */
import { tellerStreamId } from '../domain/ids.ts';
import type { TellerCommand } from '../domain/teller/teller-commands.ts';
import { tellerDecider } from '../domain/teller/teller-decider.ts';
import type { TellerEvent } from '../domain/teller/teller-events.ts';
import type { TellerRejection } from '../domain/teller/teller-rejections.ts';
import { tellerCommandDataSchemas, tellerEventSchemas } from '../domain/teller/teller-schemas.ts';
import type { TellerState } from '../domain/teller/teller-state.ts';
import type { JsonObject } from '../event-store/event-store.ts';
import type { AggregateDefinition, CacheLifespan } from './aggregate-definition.ts';

export type TellerAggregate = AggregateDefinition<TellerCommand, TellerEvent, TellerState, TellerRejection>;

export interface TellerAggregateOptions {
  readonly snapshot?: { readonly everyEvents: number; readonly stateVersion: number };
  readonly cacheLifespan?: CacheLifespan;
}

export function createTellerAggregate(options: TellerAggregateOptions = {}): TellerAggregate {
  const commands = Object.fromEntries(
    Object.entries(tellerCommandDataSchemas).map(([type, schema]) => [type, { schema, identity: 'atmId' }]),
  ) as TellerAggregate['commands'];
  return {
    name: 'teller',
    streamIdOf: tellerStreamId,
    decider: tellerDecider,
    commands,
    events: tellerEventSchemas,
    snapshot: options.snapshot && {
      ...options.snapshot,
      toSnapshot: (state) => JSON.parse(JSON.stringify(state)) as JsonObject,
      fromSnapshot: (json: JsonObject) => json as unknown as TellerState,
    },
    cacheLifespan: options.cacheLifespan,
  };
}
