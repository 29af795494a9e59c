import type { OutboxRecord } from './outboxStorage.js';

/** The limits on what the outbox keeps; read at call time, so they can be changed. */
export interface AdmissionLimits {
  /** Largest serialized response accepted. */
  responseBytes: number;
  /** Records stored at most, and their bytes at most. */
  records: number;
  totalBytes: number;
  maxAgeMs: number;
  enqueuesPerMinute: number;
}

/**
 * Whether a store of `count` records surely has room for one more, without reading
 * them: no record is over `responseBytes`, so the bytes limit holds too. When this
 * says no, `makeRoom` decides from the records themselves.
 */
export const surelyRoom = (count: number, limits: AdmissionLimits) =>
  count < limits.records && (count + 1) * limits.responseBytes <= limits.totalBytes;

/**
 * Which stored records to drop so a response of `bytes` under `id` fits: dead ones, in
 * store order (the expired are gone already); a pending record is never evicted.
 * `full` says it still does not fit (the outbox then keeps it in memory for this page).
 */
export function makeRoom(
  stored: OutboxRecord[],
  id: string,
  bytes: number,
  limits: AdmissionLimits,
): [evict: OutboxRecord[], full: boolean] {
  let others = stored.filter((r) => r.id !== id);
  const evict: OutboxRecord[] = [];
  const full = () =>
    others.length >= limits.records ||
    others.reduce((sum, r) => sum + r.bytes, bytes) > limits.totalBytes;
  for (const record of others) {
    if (!full()) break;
    if (!record.dead) continue;
    evict.push(record);
    others = others.filter((r) => r !== record);
  }
  return [evict, full()];
}
