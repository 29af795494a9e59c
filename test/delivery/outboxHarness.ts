import { vi } from 'vitest';
import { createOutbox, type OutboxOptions } from '../../src/delivery/outbox.js';
import type { LockManagerLike } from '../../src/delivery/tabs.js';
import type { Timers } from '../../src/delivery/timers.js';
import { normalizeSurvey } from '../../src/survey/normalize.js';
import { scoreResponse } from '../../src/survey/response.js';
import type { Batch, SurveyResponse } from '../../src/survey/types.js';

export const endpoint = 'https://collect.example.com/r';
export const start = Date.UTC(2026, 10, 23, 12, 0, 0);

/**
 * Virtual time for the outbox: a clock and timers the test moves by hand, while
 * IndexedDB (fake-indexeddb) runs on the real event loop between steps.
 */
export function virtualTime(from = start) {
  let now = from;
  let sequence = 0;
  const queue = new Map<number, { at: number; run: () => void }>();
  const timers: Timers = {
    set(run, ms) {
      sequence += 1;
      queue.set(sequence, { at: now + Math.max(0, ms), run });
      return sequence;
    },
    clear(handle) {
      queue.delete(handle as number);
    },
  };
  /** Lets IndexedDB requests and promise chains run to quiescence. */
  const idle = async (ticks = 60) => {
    for (let i = 0; i < ticks; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  /** Moves the clock forward, firing due timers in order. */
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      await idle();
      let nextId = -1;
      let nextAt = Infinity;
      for (const [id, timer] of queue) {
        if (timer.at <= end && timer.at < nextAt) {
          nextAt = timer.at;
          nextId = id;
        }
      }
      if (nextId < 0) break;
      const timer = queue.get(nextId);
      queue.delete(nextId);
      now = Math.max(now, nextAt);
      timer?.run();
    }
    now = end;
    await idle();
  };
  /** Runs time forward until `check` holds (or fails after `limitMs`). */
  const until = async (check: () => boolean, limitMs = 60 * 60 * 1000, stepMs = 100) => {
    for (let spent = 0; spent <= limitMs; spent += stepMs) {
      if (check()) return;
      await advance(stepMs);
    }
    throw new Error('condition not reached in virtual time');
  };
  return { now: () => now, timers, idle, advance, until, pendingTimers: () => queue.size };
}

export type Reply =
  | { status: number; headers?: Record<string, string> }
  | 'network'
  | 'hang'
  | ((batch: Batch) => Reply);

/**
 * A fake collection endpoint that keeps the protocol's promises: upsert by id,
 * keeping the highest revision. Replies are scripted; the default is 204.
 */
export function fakeCollector() {
  const stored = new Map<string, SurveyResponse>();
  const requests: { batch: Batch; at: number; keepalive: boolean }[] = [];
  const script: Reply[] = [];
  let fallback: Reply = { status: 204 };
  let inFlight = 0;
  let maxInFlight = 0;
  const pendingHangs: { resolve: (r: Response) => void }[] = [];
  let clock = () => Date.now();

  const fetch = vi.fn(async (_url: string, init: RequestInit): Promise<Response> => {
    const batch = JSON.parse(init.body as string) as Batch;
    requests.push({ batch, at: clock(), keepalive: init.keepalive === true });
    let reply: Reply = script.shift() ?? fallback;
    while (typeof reply === 'function') reply = reply(batch);
    if (reply === 'network') throw new TypeError('Failed to fetch');
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (reply === 'hang') {
        return await new Promise<Response>((resolve, reject) => {
          pendingHangs.push({ resolve });
          init.signal?.addEventListener('abort', () =>
            reject(new DOMException('The operation was aborted.', 'AbortError')),
          );
        });
      }
      const { status, headers } = reply;
      if (status >= 200 && status < 300) {
        for (const response of batch.responses) {
          const existing = stored.get(response.id);
          if (!existing || existing.revision < response.revision) stored.set(response.id, response);
        }
      }
      return status === 0 ? Response.error() : new Response(null, { status, headers });
    } finally {
      inFlight -= 1;
    }
  });

  return {
    fetch,
    stored,
    requests,
    /** The reply once the script has run out (204 unless set). */
    always(reply: Reply) {
      fallback = reply;
    },
    /** Scripts the next replies, in order. */
    reply: (...replies: Reply[]) => script.push(...replies),
    sentIds: () => requests.flatMap((r) => r.batch.responses.map((x) => x.id)),
    maxInFlight: () => maxInFlight,
    /** Answers every hanging request with this status (the server stored it meanwhile). */
    releaseHangs(status = 204) {
      for (const hang of pendingHangs.splice(0)) hang.resolve(new Response(null, { status }));
    },
    useClock(now: () => number) {
      clock = now;
    },
  };
}

let counter = 0;

/** A response as the widget makes it, with a distinct id. */
export function response(revision = 1, comment: string | null = null, id?: string): SurveyResponse {
  counter += 1;
  const base = scoreResponse(normalizeSurvey({ id: 'nps', type: 'nps' }), 9, {
    id: id ?? `0190a000-0000-7000-8000-${String(counter).padStart(12, '0')}`,
    now: start,
    locale: 'en',
    page: { url: 'https://shop.example.com/', referrer: '' },
    visitorId: 'v',
    user: null,
  });
  return { ...base, revision, comment, complete: revision > 1 };
}

/** A Web Locks stand-in shared by the "tabs" of a test: `ifAvailable` only. */
export function fakeLocks(): LockManagerLike {
  const held = new Set<string>();
  return {
    async request(name, _options, callback) {
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
      }
    },
  };
}

/** An outbox on virtual time and a fake collector, with events recorded. */
export function outboxFor(
  time: ReturnType<typeof virtualTime>,
  collector: ReturnType<typeof fakeCollector>,
  overrides: Partial<OutboxOptions> = {},
) {
  const events = {
    queued: [] as SurveyResponse[],
    delivered: [] as SurveyResponse[],
    failed: [] as { response: SurveyResponse; reason: string }[],
    errors: [] as unknown[],
  };
  collector.useClock(time.now);
  // Timers of this "tab" alone, so a test can crash it: a dead tab's timers never fire.
  let alive = true;
  const timers: Timers = {
    set: (run, ms) => time.timers.set(() => alive && run(), ms),
    clear: (handle) => time.timers.clear(handle),
  };
  const outbox = createOutbox({
    endpoint,
    fetch: collector.fetch,
    now: time.now,
    random: () => 0.5,
    timers,
    locks: null,
    channel: null,
    online: () => true,
    sendBeacon: null,
    keepalive: true,
    hooks: {
      queued: (r) => events.queued.push(r),
      delivered: (r) => events.delivered.push(r),
      failed: (r, reason) => events.failed.push({ response: r, reason }),
      error: (e) => events.errors.push(e),
    },
    ...overrides,
  });
  /** The tab dies: no timer of it fires again and nothing is released. */
  const crash = () => {
    alive = false;
  };
  return { outbox, events, crash };
}
