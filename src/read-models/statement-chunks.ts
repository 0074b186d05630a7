/**
 * Rows per multi-row statement of the projections (a folded batch is written in a few set-based
 * statements): well below PostgreSQL's limit of 65 535 parameters per statement, at 10 per row.
 */
const ROWS_PER_STATEMENT = 1_000;

export function statementChunks<T>(rows: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) chunks.push(rows.slice(i, i + ROWS_PER_STATEMENT));
  return chunks;
}
