import type { Db } from './schema.js';

/** Which stored responses to export; dates compare with `received_at`: `from` ≤ t < `to`. */
export interface ExportFilter {
  surveyId?: string;
  from?: Date;
  to?: Date;
}

/**
 * The columns, in order. `received_at` and `revision` come last so that spreadsheets
 * and scripts reading the earlier columns by position keep working.
 */
const columns = [
  'id',
  'survey_id',
  'type',
  'variant',
  'score',
  'category',
  'comment',
  'complete',
  'created_at',
  'locale',
  'page_url',
  'visitor_id',
  'user_id',
  'traits',
  'received_at',
  'revision',
] as const;

type Row = Record<(typeof columns)[number], unknown> & { received_at: string; id: string };

/**
 * One CSV cell: RFC 4180 quoting, and a leading =, +, -, @, tab or CR defused with an
 * apostrophe so a spreadsheet shows the text instead of running it as a formula.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const line = (cells: readonly unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * One page of rows after `after`, in (received_at, id) order. Keyset pagination: each
 * page is an index range scan from where the last one ended, so page 1,000 costs what
 * page 1 does (OFFSET would read and skip every earlier row again), and no cursor or
 * connection is held while the reader is slow.
 */
async function page(
  db: Db,
  filter: ExportFilter,
  after: { at: string; id: string } | null,
  size: number,
): Promise<Row[]> {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = [];
  if (filter.surveyId !== undefined) where.push(`survey_id = ${param(filter.surveyId)}`);
  if (filter.from) where.push(`received_at >= ${param(filter.from.toISOString())}::timestamptz`);
  if (filter.to) where.push(`received_at < ${param(filter.to.toISOString())}::timestamptz`);
  if (after) {
    // The plain >= lets the planner start the index scan at the cursor; the row
    // comparison then skips the rows of that instant already sent.
    const at = param(after.at);
    const id = param(after.id);
    where.push(
      `received_at >= ${at}::timestamptz`,
      `(received_at, id) > (${at}::timestamptz, ${id}::uuid)`,
    );
  }
  // received_at as text to the microsecond, as stored: the cursor must name the exact
  // instant (a JS Date keeps milliseconds, and would send rows of that millisecond twice).
  // ORDER BY names the table's columns (r.…): the text columns of the same names would
  // sort the same but could not come from the index.
  const { rows } = await db.query<Row>(
    `SELECT id::text AS id, survey_id, type, variant, score, category, comment, complete,
       created_at, locale, page_url, visitor_id, user_id, traits, revision,
       to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS received_at
     FROM surveylet_responses r
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY r.received_at, r.id
     LIMIT ${param(size)}`,
    values,
  );
  return rows;
}

/**
 * The stored responses as CSV (a header, then one row per response), streamed: each
 * pull reads one page of `pageSize` rows, so memory stays flat however many there are,
 * and a slow reader slows the reads down instead of filling memory. A database error
 * errors the stream. An answer updated while the export runs moves to the end (its
 * `received_at` changes) and may appear twice: keep the row with the higher `revision`.
 */
export function exportCsv(
  db: Db,
  filter: ExportFilter,
  { pageSize = 1000 }: { pageSize?: number } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: { at: string; id: string } | null = null;
  let header = line(columns);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await page(db, filter, after, pageSize);
      let text = header;
      header = '';
      for (const row of rows) text += line(columns.map((column) => row[column]));
      const last = rows[rows.length - 1];
      if (last) after = { at: last.received_at, id: last.id };
      if (text) controller.enqueue(encoder.encode(text));
      if (rows.length < pageSize) controller.close();
    },
  });
}
