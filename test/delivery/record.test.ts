// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { makeRoom, surelyRoom } from '../../src/delivery/admission.js';
import { packBatch } from '../../src/delivery/batch.js';
import type { OutboxRecord } from '../../src/delivery/outboxStorage.js';
import {
  acknowledge,
  backOff,
  deadLetter,
  dueAt,
  endNetworkWait,
  lease,
  queue,
  release,
  revive,
  sendOrder,
} from '../../src/delivery/record.js';
import { response, start } from './outboxHarness.js';

const limits = {
  responseBytes: 32 * 1024,
  records: 100,
  totalBytes: 1024 * 1024,
  maxAgeMs: 7 * 24 * 3600 * 1000,
  enqueuesPerMinute: 10,
};

const queued = (revision = 1, id?: string, bytes = 500): OutboxRecord =>
  queue(response(revision, null, id), bytes, start)(undefined, 0) as OutboxRecord;

describe('one revision check for every change', () => {
  // What a sender read, and the newer revision the widget queued while it was sending.
  const read = queued(1, 'a');
  const newer = queue(response(2, 'Great', 'a'), 600, start + 5)(read, 1) as OutboxRecord;

  it.each([
    ['lease', lease(read, 'tab', start, start + 30_000)],
    ['acknowledge', acknowledge(read)],
    ['release', release(read)],
    ['back off', backOff(read, 'server', start, () => 0.5)],
    ['dead-letter', deadLetter(read, 400, start)],
    ['revive', revive(read, start)],
    ['end a network wait', endNetworkWait(read, start)],
  ])('%s leaves a newer revision as it is', (_, change) => {
    expect(change(newer, 1)).toBe(newer);
  });

  it('an acknowledgement of the revision read deletes it', () => {
    expect(acknowledge(read)(read, 1)).toBeUndefined();
  });

  it('changes nothing that is gone', () => {
    expect(lease(read, 'tab', start, start + 1)(undefined, 0)).toBeUndefined();
    expect(release(read)(undefined, 0)).toBeUndefined();
  });
});

describe('queue', () => {
  it('keeps when the first revision was queued, so expiry counts from the first answer', () => {
    const first = queued(1, 'b');
    const second = queue(response(2, 'Comment', 'b'), 700, start + 60_000)(first, 1);
    expect(second).toMatchObject({ revision: 2, firstQueuedAt: start, bytes: 700, attempts: 0 });
  });

  it('never replaces a newer revision with an older one', () => {
    const second = queued(2, 'c');
    expect(queue(response(1, null, 'c'), 500, start)(second, 1)).toBe(second);
  });

  it('writes a new record only where there is surely room, given limits', () => {
    const answer = response(1, null, 'd');
    expect(queue(answer, 500, start, limits)(undefined, 31)).toMatchObject({ id: 'd' });
    // 32 records of up to 32 KiB could fill the 1 MiB: the outbox must look at them.
    expect(queue(answer, 500, start, limits)(undefined, 32)).toBeUndefined();
    // A newer revision of a stored record replaces it whatever the count.
    expect(queue(response(2, 'x', 'd'), 500, start, limits)(queued(1, 'd'), 99)).toMatchObject({
      revision: 2,
    });
  });
});

describe('lease and what follows a request', () => {
  const read = queued(1, 'e');

  it('leases a free record, and not one another sender holds', () => {
    const mine = lease(read, 'me', start, start + 30_000)(read, 1);
    expect(mine).toMatchObject({ leaseOwner: 'me', leaseUntil: start + 30_000 });
    expect(lease(read, 'other', start + 1, start + 30_001)(mine, 1)).toBe(mine);
    // Once the lease has run out, another sender may take it.
    expect(lease(read, 'other', start + 30_000, start + 60_000)(mine, 1)).toMatchObject({
      leaseOwner: 'other',
    });
  });

  it('never leases a dead record', () => {
    const dead = deadLetter(read, 422, start)(read, 1) as OutboxRecord;
    expect(lease(read, 'me', start, start + 1)(dead, 1)).toBe(dead);
  });

  it('backs off with a growing wait, and frees the lease', () => {
    const leased = lease(read, 'me', start, start + 30_000)(read, 1) as OutboxRecord;
    const once = backOff(read, 'network', start, () => 0.5)(leased, 1) as OutboxRecord;
    expect(once).toMatchObject({ attempts: 1, nextAttemptAt: start + 2000, waitCause: 'network' });
    expect(once).toMatchObject({ leaseOwner: null, leaseUntil: 0 });
    const twice = backOff(once, 'server', start, () => 0.5)(once, 1);
    expect(twice).toMatchObject({ attempts: 2, nextAttemptAt: start + 4000 });
  });

  it('keeps a refused record, dead, until a retry revives it as new', () => {
    const dead = deadLetter(read, 404, start)(read, 1) as OutboxRecord;
    expect(dead.dead).toEqual({ reason: 'rejected', status: 404, at: start });
    expect(release(read)(dead, 1)).toBe(dead);
    expect(revive(read, start + 9)(dead, 1)).toMatchObject({
      dead: null,
      attempts: 0,
      nextAttemptAt: start + 9,
    });
  });

  it('ends only the waits the network caused', () => {
    const network = backOff(read, 'network', start, () => 0.5)(read, 1) as OutboxRecord;
    const server = backOff(read, 'server', start, () => 0.5)(read, 1) as OutboxRecord;
    expect(endNetworkWait(read, start + 1)(network, 1)).toMatchObject({ nextAttemptAt: start + 1 });
    expect(endNetworkWait(read, start + 1)(server, 1)).toBe(server);
  });
});

describe('send order and due time', () => {
  it('sends what only memory holds first, then the oldest', () => {
    const old = { ...queued(1, 'old'), firstQueuedAt: start };
    const young = { ...queued(1, 'young'), firstQueuedAt: start + 10 };
    const memory = { ...queued(1, 'memory'), firstQueuedAt: start + 20 };
    const order = [young, memory, old].sort(sendOrder((r) => r.id === 'memory'));
    expect(order.map((r) => r.id)).toEqual(['memory', 'old', 'young']);
  });

  it("is due after its backoff and after another sender's lease, not its own", () => {
    const record = { ...queued(1, 'f'), nextAttemptAt: start + 5, leaseUntil: start + 9 };
    expect(dueAt({ ...record, leaseOwner: 'other' }, 'me')).toBe(start + 9);
    expect(dueAt({ ...record, leaseOwner: 'me' }, 'me')).toBe(start + 5);
  });
});

describe('admission', () => {
  it('evicts dead records only, never a pending one', () => {
    const pending = Array.from({ length: 99 }, (_, i) => queued(1, `p${i}`));
    const dead = deadLetter(queued(1, 'dead'), 400, start)(queued(1, 'dead'), 1) as OutboxRecord;
    expect(makeRoom([dead, ...pending], 'new', 500, limits)).toEqual([[dead], false]);
    expect(makeRoom([...pending, queued(1, 'p99')], 'new', 500, limits)).toEqual([[], true]);
  });

  it('counts bytes as well as records', () => {
    const big = Array.from({ length: 40 }, (_, i) => queued(1, `b${i}`, 26_000));
    expect(makeRoom(big, 'new', 26_000, limits)[1]).toBe(true);
    expect(surelyRoom(40, limits)).toBe(false);
  });

  it('does not count the record a newer revision replaces', () => {
    const full = Array.from({ length: 100 }, (_, i) => queued(1, `r${i}`));
    expect(makeRoom(full, 'r0', 500, limits)).toEqual([[], false]);
  });
});

describe('batches by count and bytes', () => {
  it('stops at 20 records or 32 KiB, whichever comes first', () => {
    const small = Array.from({ length: 30 }, (_, i) => queued(1, `s${i}`, 100));
    expect(packBatch(small, 32 * 1024, 20)).toHaveLength(20);
    const large = Array.from({ length: 5 }, (_, i) => queued(1, `l${i}`, 10_000));
    expect(packBatch(large, 32 * 1024, 20)).toHaveLength(3);
  });

  it('lets a first record over the cap go alone rather than block the rest', () => {
    const huge = queued(1, 'huge', 32 * 1024);
    expect(packBatch([huge, queued(1, 'next')], 32 * 1024, 20)).toEqual([huge]);
  });
});
