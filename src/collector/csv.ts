import type { StoredRow } from './store.js';

const header = [
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
];

/** RFC 4180 quoting; a leading =, +, - or @ is defused so spreadsheets never run it. */
function cell(value: unknown): string {
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

/** One row per stored response, for joining with CRM or revenue data. */
export function toCsv(rows: StoredRow[]): string {
  const lines = [header.join(',')];
  for (const row of rows) {
    lines.push(header.map((column) => cell(row[column as keyof StoredRow])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
