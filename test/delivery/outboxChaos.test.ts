import { IDBFactory } from 'fake-indexeddb';
import { createStore, entries } from 'idb-keyval';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { indexedDbStorage, resilientStorage } from '../../src/delivery/outboxStorage.js';
import type { LockManagerLike, TabChannel } from '../../src/delivery/tabs.js';
import { globalTimers } from '../../src/delivery/timers.js';
import type { SurveyResponse } from '../../src/survey/types.js';
import { fakeCollector, outboxFor, type Reply, response, virtualTime } from './outboxHarness.js';

/** mulberry32: a small seeded generator, so a failing schedule can be replayed. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** BroadcastChannel between the simulated tabs; like the real one, it delivers later. */
function bus() {
  const listeners = new Set<(message: unknown) => void>();
  return (): TabChannel => {
    let own: ((message: unknown) => void) | null = null;
    return {
      post(message) {
        for (const listener of listeners) {
          if (listener !== own) setImmediate(() => listener(message));
        }
      },
      listen(handler) {
        own = handler;
        listeners.add(handler);
        return () => listeners.delete(handler);
      },
    };
  };
}

/** Web Locks shared by the tabs; a tab that dies lets go of its locks, as browsers do. */
function sharedLocks() {
  const held = new Map<string, symbol>();
  return () => {
    const me = Symbol('tab');
    const manager: LockManagerLike = {
      async request(name, _options, callback) {
        if (held.has(name)) return callback(null);
        held.set(name, me);
        try {
          return await callback({ name });
        } finally {
          if (held.get(name) === me) held.delete(name);
        }
      },
    };
    const release = () => {
      for (const [name, owner] of held) if (owner === me) held.delete(name);
    };
    return { manager, release };
  };
}

interface Run {
  steps: number;
  requests: number;
  enqueued: number;
  delivered: number;
  violations: string[];
}

async function chaos(seed: number, steps: number, withLocks: boolean): Promise<Run> {
  vi.stubGlobal('indexedDB', new IDBFactory());
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const time = virtualTime();
  const collector = fakeCollector();
  const locks = withLocks ? sharedLocks() : null;
  const channel = bus();
  let online = true;
  const violations: string[] = [];

  // What was accepted (the outbox said `queued`), at its highest revision.
  const enqueued = new Map<string, SurveyResponse>();
  // Revisions acknowledged by a 2xx, as the tab that sent them was told.
  const acknowledged = new Map<string, number>();
  // Pause windows the collector announced: no request may start inside one.
  const pauses: { from: number; until: number }[] = [];

  const errors: string[] = [];
  type Tab = ReturnType<typeof outboxFor> & { dead?: boolean; releaseLocks?: () => void };
  const tabs: Tab[] = [];
  const openTab = () => {
    const tabLocks = locks?.();
    const tab: Tab = outboxFor(time, collector, {
      locks: tabLocks?.manager ?? null,
      channel: channel(),
      online: () => online,
      random,
      // IndexedDB's 3 s watchdog on real time: virtual time jumps would trip it falsely.
      storage: resilientStorage(
        () => indexedDbStorage(() => {}),
        (error) => errors.push(`fell back to memory: ${String(error)}`),
        globalTimers,
      ),
    });
    tab.releaseLocks = tabLocks?.release;
    const { queued, delivered } = tab.events;
    const push = queued.push.bind(queued);
    queued.push = (...items: SurveyResponse[]) => {
      for (const item of items) {
        const known = enqueued.get(item.id);
        if (!known || known.revision < item.revision) enqueued.set(item.id, item);
      }
      return push(...items);
    };
    const ack = delivered.push.bind(delivered);
    delivered.push = (...items: SurveyResponse[]) => {
      for (const item of items) {
        acknowledged.set(item.id, Math.max(acknowledged.get(item.id) ?? 0, item.revision));
      }
      return ack(...items);
    };
    tab.outbox.wake();
    tabs.push(tab);
    return tab;
  };
  openTab();

  const replies: [number, () => Reply][] = [
    [50, () => ({ status: 204 })],
    [12, () => ({ status: pick([500, 502, 503, 504]) })],
    [4, () => ({ status: 429, headers: { 'Retry-After': String(1 + Math.floor(random() * 90)) } })],
    [10, () => 'network'],
    [3, () => 'hang'],
  ];
  const weighted = () => {
    let roll = random() * replies.reduce((sum, [w]) => sum + w, 0);
    for (const [weight, make] of replies) {
      roll -= weight;
      if (roll < 0) return make();
    }
    return { status: 204 };
  };
  collector.always((batch) => {
    const reply = weighted();
    // A 429 to a page-hide (keepalive) request reaches no one: the page is going away.
    const keepalive = collector.requests.at(-1)?.keepalive === true;
    if (typeof reply === 'object' && reply.status === 429 && !keepalive) {
      const at = time.now();
      pauses.push({ from: at, until: at + Number(reply.headers?.['Retry-After']) * 1000 });
    }
    return batch.responses.length > 0 ? reply : { status: 204 };
  });

  let largestQueue = 0;
  const checkStore = async () => {
    const all = await entries(createStore('surveylet', 'outbox'));
    largestQueue = Math.max(largestQueue, all.length);
    for (const [key, value] of all) {
      if (!String(key).startsWith('r:')) continue;
      const record = value as { id: string; revision: number };
      if ((acknowledged.get(record.id) ?? 0) >= record.revision) {
        violations.push(`record ${record.id} rev ${record.revision} outlived its 2xx`);
      }
    }
  };

  for (let step = 0; step < steps; step++) {
    const live = tabs.filter((t) => !t.dead);
    const action = random();
    if (action < 0.35 && live.length > 0) {
      const tab = pick(live);
      const previous = [...enqueued.values()];
      if (previous.length > 0 && random() < 0.3) {
        const older = pick(previous);
        await tab.outbox.enqueue({ ...older, revision: older.revision + 1, comment: `c${step}` });
      } else {
        await tab.outbox.enqueue(response());
      }
    } else if (action < 0.42 && live.length > 0) {
      // Reload: the page hides (crashing or closing cleanly) and a new page opens.
      const tab = pick(live);
      tab.outbox.pageHide();
      if (random() < 0.5) {
        tab.crash();
        tab.releaseLocks?.();
      } else tab.outbox.destroy();
      tab.dead = true;
      openTab();
    } else if (action < 0.45 && live.length < 3) {
      openTab(); // a second tab
    } else if (action < 0.5) {
      online = !online;
      if (online) for (const tab of live) tab.outbox.online();
    } else {
      await time.advance(Math.floor(random() * 20_000));
    }
    await time.idle();
    await checkStore();
  }

  // Drain: the network heals and one tab stays open until everything is in.
  collector.always({ status: 204 });
  online = true;
  const survivor = tabs.filter((t) => !t.dead).at(-1) ?? openTab();
  survivor.outbox.online();
  const complete = () =>
    [...enqueued.values()].every((r) => (collector.stored.get(r.id)?.revision ?? 0) >= r.revision);
  try {
    await time.until(complete, 6 * 3600 * 1000, 30_000);
  } catch {
    const missing = [...enqueued.values()].filter(
      (r) => (collector.stored.get(r.id)?.revision ?? 0) < r.revision,
    );
    violations.push(
      `${missing.length} of ${enqueued.size} not delivered after draining (largest queue ${largestQueue}), e.g. ${missing[0]?.id} rev ${missing[0]?.revision}`,
    );
  }
  await checkStore();

  for (const request of collector.requests) {
    const inside = pauses.find((p) => request.at > p.from && request.at < p.until);
    if (inside) {
      violations.push(
        `${request.keepalive ? 'keepalive ' : ''}request at ${request.at} during the pause ${inside.from}–${inside.until}`,
      );
    }
  }
  const storedIds = [...collector.stored.keys()].sort();
  const enqueuedIds = [...enqueued.keys()].sort();
  if (JSON.stringify(storedIds) !== JSON.stringify(enqueuedIds)) {
    violations.push('the collector’s set of ids differs from the enqueued set');
  }
  for (const tab of tabs) {
    tab.outbox.destroy();
    for (const error of tab.events.errors) {
      if (!String(error).includes('answers a minute')) errors.push(String(error));
    }
  }
  violations.push(...errors);
  vi.unstubAllGlobals();
  return {
    steps,
    requests: collector.requests.length,
    enqueued: enqueued.size,
    delivered: collector.stored.size,
    violations,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('outbox under a seeded random schedule', () => {
  it.each([
    [1, true],
    [7, false],
    [2026, true],
    [424242, false],
  ])(
    'seed %i (Web Locks: %s): every answer arrives once in effect, none during a pause, none outlives its 2xx',
    async (seed, withLocks) => {
      const run = await chaos(seed, 2000, withLocks);
      console.info(
        `chaos seed ${seed}: ${run.steps} steps, ${run.enqueued} responses enqueued, ${run.requests} requests sent, ${run.delivered} delivered`,
      );
      expect(run.violations).toEqual([]);
      expect(run.enqueued).toBeGreaterThan(200);
      expect(run.delivered).toBe(run.enqueued);
    },
    120_000,
  );
});
