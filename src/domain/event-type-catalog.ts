/**
 * Every event type of the bank in one place: the shapes written today, the historical shapes still
 * stored, and the upcasters between them. The composition root wraps the event store with
 * `eventUpcasterChain`; test/domain/event-schema-versions.test.ts checks the schemas against the
 * committed lock. A new aggregate adds its three lists here.
 */

import { accountEventTypes, type EventTypeSchema } from './account/account-schemas.ts';
import { accountHistoricalEventTypes, accountUpcasters } from './account/account-upcasters.ts';
import { tellerEventTypes } from './teller/teller-schemas.ts';
import { createUpcasterChain, type EventUpcaster, type UpcasterChain } from './event-upcaster.ts';

/** Each event type at the schema version it is written with today. */
export const currentEventTypes: readonly EventTypeSchema[] = [...accountEventTypes, ...tellerEventTypes];

/** Shapes no longer written but still stored, each turned into a current one by the upcasters. */
export const historicalEventTypes: readonly EventTypeSchema[] = [...accountHistoricalEventTypes];

export const eventUpcasters: readonly EventUpcaster[] = [...accountUpcasters];

/** Built once, at import: a bad registration fails at start-up, not on the first old event read. */
export const eventUpcasterChain: UpcasterChain = createUpcasterChain(eventUpcasters);
