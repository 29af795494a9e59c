import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeCollector, outboxFor, response, virtualTime } from './outboxHarness.js';

// A dead-lettered answer is kept, not lost: once the endpoint is fixed,
// flush({ retryDead: true }) sends it again like a new one.
let time: ReturnType<typeof virtualTime>;
let collector: ReturnType<typeof fakeCollector>;
const created: { destroy(): void }[] = [];

function open() {
  const made = outboxFor(time, collector);
  created.push(made.outbox);
  return made;
}

/** An outbox holding one answer the endpoint refused with 404 after two 503s. */
async function withDeadAnswer() {
  collector.reply({ status: 503 }, { status: 503 }, { status: 404 });
  const made = open();
  const answer = response();
  await made.outbox.enqueue(answer);
  await time.until(() => made.events.failed.length === 1, 60_000, 1000);
  expect(await made.outbox.status()).toMatchObject({ pending: 0, dead: 1 });
  return { ...made, answer };
}

/** Flushes while virtual time runs: the outbox paces its requests with timers. */
async function flush(outbox: ReturnType<typeof open>['outbox'], options?: { retryDead?: boolean }) {
  let done = false;
  const flushing = outbox.flush(options).then(() => {
    done = true;
  });
  await time.until(() => done, 60_000);
  await flushing;
}

beforeEach(() => {
  vi.stubGlobal('indexedDB', new IDBFactory());
  time = virtualTime();
  collector = fakeCollector();
});

afterEach(() => {
  for (const outbox of created.splice(0)) outbox.destroy();
  vi.unstubAllGlobals();
});

describe('flush({ retryDead: true })', () => {
  it('sends a dead-lettered answer again, once, as a first attempt', async () => {
    const { outbox, events, answer } = await withDeadAnswer();
    await flush(outbox, { retryDead: true });
    expect(events.delivered.map((r) => r.id)).toEqual([answer.id]);
    expect(collector.requests).toHaveLength(4);
    expect(collector.requests[3]?.batch.responses).toMatchObject([{ id: answer.id, attempt: 1 }]);
    expect(await outbox.status()).toMatchObject({ pending: 0, dead: 0 });
    await time.advance(24 * 3600 * 1000);
    expect(collector.requests).toHaveLength(4);
  });

  it('leaves dead answers alone on a plain flush()', async () => {
    const { outbox } = await withDeadAnswer();
    await flush(outbox);
    expect(collector.requests).toHaveLength(3);
    expect(await outbox.status()).toMatchObject({ pending: 0, dead: 1 });
  });

  it('dead-letters the answer again if the endpoint still refuses it, without a loop', async () => {
    const { outbox, events } = await withDeadAnswer();
    collector.always({ status: 404 });
    await flush(outbox, { retryDead: true });
    expect(collector.requests).toHaveLength(4);
    expect(events.failed.map((f) => f.reason)).toEqual(['rejected', 'rejected']);
    await time.advance(24 * 3600 * 1000);
    expect(collector.requests).toHaveLength(4);
    expect(await outbox.status()).toMatchObject({ pending: 0, dead: 1 });
  });

  it('never brings back a dead revision over a newer one of the same answer', async () => {
    const { outbox, answer } = await withDeadAnswer();
    collector.reply('network');
    await outbox.enqueue({ ...answer, revision: 2, comment: 'Fast', complete: true });
    await time.until(() => collector.requests.length === 4);
    await flush(outbox, { retryDead: true });
    const sent = collector.requests.slice(3).flatMap((r) => r.batch.responses);
    expect(sent.map((r) => r.revision)).toEqual([2, 2]);
    expect(collector.stored.get(answer.id)).toMatchObject({ revision: 2, comment: 'Fast' });
    expect(await outbox.status()).toMatchObject({ pending: 0, dead: 0 });
  });

  it('sends dead answers kept by an earlier page', async () => {
    const { outbox, answer } = await withDeadAnswer();
    outbox.destroy();
    const { outbox: next, events } = open();
    await flush(next, { retryDead: true });
    expect(events.delivered.map((r) => r.id)).toEqual([answer.id]);
    expect(await next.status()).toMatchObject({ dead: 0 });
  });
});
