/**
 * Cursor pagination for the read-model queries, in the shape of a GraphQL connection: a page of
 * `nodes` and `pageInfo { hasNextPage, endCursor }`. A cursor is opaque to clients (base64url of the
 * sort key of the last row returned); each query decodes and checks its own kind of key.
 */

export interface PageRequest {
  /** How many rows (0 to {@link MAX_PAGE_SIZE}); {@link DEFAULT_PAGE_SIZE} when omitted. */
  readonly first?: number;
  /** The `endCursor` of the previous page: this page starts right after it. */
  readonly after?: string | null;
}

export interface PageInfo {
  readonly hasNextPage: boolean;
  /** The cursor of the last node, `null` for an empty page. */
  readonly endCursor: string | null;
}

export interface Connection<Node> {
  readonly nodes: readonly Node[];
  readonly pageInfo: PageInfo;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** A page size or cursor a client sent that no query can serve. */
export class InvalidPageRequestError extends RangeError {
  override readonly name = 'InvalidPageRequestError';
}

/** The page size to use, or throws {@link InvalidPageRequestError}. */
export function pageSizeOrThrow(first: number | undefined): number {
  if (first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new InvalidPageRequestError(`"first" must be a whole number from 0 to ${MAX_PAGE_SIZE}, but is ${String(first)}.`);
  }
  return first;
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * The sort key inside `cursor` when `isKey` accepts it, `undefined` for no cursor; throws
 * {@link InvalidPageRequestError} for anything else (a cursor of another list, or made up).
 */
export function decodeCursorOrThrow<Key>(cursor: string | null | undefined, isKey: (value: unknown) => value is Key): Key | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!isKey(key)) {
    throw new InvalidPageRequestError(
      `The cursor "${cursor}" was not handed out by this list. Pass the endCursor of the previous page, or no cursor for the first page.`,
    );
  }
  return key;
}

/** Builds the connection from up to `size + 1` rows fetched in order: the extra row only says there is more. */
export function toConnection<Row, Node>(rows: readonly Row[], size: number, toNode: (row: Row) => Node, keyOf: (row: Row) => readonly (string | number)[]): Connection<Node> {
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return {
    nodes: page.map(toNode),
    pageInfo: { hasNextPage: rows.length > size, endCursor: last === undefined ? null : encodeCursor(keyOf(last)) },
  };
}
