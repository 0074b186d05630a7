/**
 * What the dispatcher stamps on every command of every aggregate, besides the command's own fields.
 * Deciders take time and ids from here and never from a clock, so a retried command decides the same
 * way. Process managers emit commands without these two fields; the runner adds them.
 */

export interface CommandContext {
  /** A UUID; also the causation id of the events the command produces. */
  readonly commandId: string;
  /** When the command was issued, as an ISO-8601 UTC string (`2026-11-26T14:00:00.000Z`). */
  readonly issuedAt: string;
}
