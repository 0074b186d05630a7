/**
 * Validation at the command boundary: checks a command's data against its zod schema and turns every
 * failure into a {@link ValidationIssue} naming the field, so a caller can show all mistakes at once.
 * Also checks the ids a caller passes to `dispatch`, which must be UUIDs because the event store
 * stores them as such.
 */
import { isUuidText } from '../event-store/event-store.ts';
import type { z } from 'zod';
import type { ValidationIssue } from './dispatch-outcome.ts';

export type CommandDataValidation =
  | { readonly ok: true; readonly data: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export async function validateCommandData(schema: z.ZodType, data: unknown): Promise<CommandDataValidation> {
  const result = await schema.safeParseAsync(data);
  if (!result.success) return { ok: false, issues: toValidationIssues(result.error.issues) };
  if (!isPlainObject(result.data)) {
    return { ok: false, issues: [{ path: '', message: 'Expected the command data to be an object.' }] };
  }
  return { ok: true, data: result.data };
}

/** One issue per field; an unexpected-keys issue becomes one issue per unexpected key. */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.flatMap((issue): ValidationIssue[] => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: `Unexpected field "${key}".` }));
    }
    return [{ path: path.join('.'), message: issue.message }];
  });
}

export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/** Ids passed to `dispatch` in its options; a malformed one is a bug in the calling code. */
export class InvalidDispatchOptionsError extends Error {
  override readonly name = 'InvalidDispatchOptionsError';
  readonly option: string;

  constructor(option: string, value: string) {
    super(`The dispatch option "${option}" must be a UUID, got "${value}".`);
    this.option = option;
  }
}

export function assertUuidOptionOrThrow(option: string, value: string | undefined): void {
  if (value !== undefined && !isUuidText(value)) throw new InvalidDispatchOptionsError(option, value);
}
