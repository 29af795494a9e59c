import type { Batch } from '../survey/types.js';
import type { OutboxRecord } from './outboxStorage.js';

// Made at first use: loading the script on a page that sends nothing makes none.
let encoder: TextEncoder | undefined;
export function byteLength(text: string): number {
  encoder ??= new TextEncoder();
  return encoder.encode(text).length;
}

/** The request body of protocol v1 for some records, each with its attempt number. */
export function body(records: OutboxRecord[], now: number): string {
  const batch: Batch = {
    v: 1,
    sentAt: new Date(now).toISOString(),
    responses: records.map((r) => ({ ...r.response, attempt: r.attempts + 1 })),
  };
  return JSON.stringify(batch);
}

/** FNV-1a over the batch's ids and revisions: the same batch always gets the same key. */
export function idempotencyKey(records: OutboxRecord[]): string {
  let hash = 0x811c9dc5;
  let second = 0x01000193;
  for (const char of records.map((r) => `${r.id}.${r.revision}`).join(',')) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    second = Math.imul(second ^ hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16).padStart(8, '0')}${second.toString(16).padStart(8, '0')}-${records.length}`;
}

/** What one more response adds to a batch: its bytes plus the comma and attempt field. */
export const recordCost = (record: OutboxRecord) => record.bytes + 16;

/**
 * The records, in order, that fit in `capBytes`, at most `maxRecords`; the first goes
 * even alone over the cap (a response may be 32 KiB before the envelope), or it would
 * block every record behind it.
 */
export function packBatch(
  records: OutboxRecord[],
  capBytes: number,
  maxRecords = Infinity,
): OutboxRecord[] {
  const chosen: OutboxRecord[] = [];
  // What every request carries besides the responses.
  let bytes = byteLength(body([], 0));
  for (const record of records) {
    if (chosen.length >= maxRecords || (chosen[0] && bytes + recordCost(record) > capBytes)) break;
    chosen.push(record);
    bytes += recordCost(record);
  }
  return chosen;
}
