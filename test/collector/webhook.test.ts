import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../../src/collector/signature.js';
import { createWebhook, type WebhookOptions } from '../../src/collector/webhook.js';
import type { SurveyResponse } from '../../src/survey/types.js';
import { answer } from './fixtures.js';

const url = 'https://hooks.example.com/cx?token=s3cret';
const key = Buffer.from('0123456789abcdef0123456789abcdef');
const secret = `whsec_${key.toString('base64')}`;
const start = Date.UTC(2026, 10, 20, 10);

type Call = { url: string; init: RequestInit };

/** A webhook wired to a fake fetch that records calls, waits and errors. */
function harness(
  reply: (call: Call, n: number) => Response | Promise<Response>,
  options: Partial<WebhookOptions> = {},
  clock = () => start,
) {
  const calls: Call[] = [];
  const waits: number[] = [];
  const errors: Error[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return reply(call, calls.length);
  };
  const hook = createWebhook(
    { url, ...options },
    {
      fetch: fetch as typeof globalThis.fetch,
      wait: async (ms) => {
        waits.push(ms);
      },
      now: clock,
      onError: (error) => errors.push(error as Error),
    },
  );
  return { hook, calls, waits, errors };
}

const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(null, { status: code, headers });
/** Never answers, and ignores its abort signal too (the worst receiver). */
const hang = () => new Promise<Response>(() => {});
const header = (call: Call | undefined, name: string) =>
  new Headers(call?.init.headers).get(name) ?? '';

describe('delivery outcomes', () => {
  it('retries a 500 `attempts` times with backoff, then reports once without the query', async () => {
    const detractor = answer(3);
    const { hook, calls, waits, errors } = harness(() => status(500), { attempts: 4 });
    hook.notify([detractor]);
    await hook.close();
    expect(calls).toHaveLength(4);
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
    expect(errors[0]?.message).toContain('https://hooks.example.com/cx');
    expect(errors[0]?.message).toContain(detractor.id);
    expect(errors[0]?.message).toContain('500');
    expect(errors[0]?.message).not.toContain('s3cret');
  });

  it('retries 408, 429, 503 and network errors, then succeeds', async () => {
    const replies = [status(408), status(429), status(503)];
    const { hook, calls, errors } = harness(
      (_, n) => {
        if (n === 4) throw new TypeError('fetch failed');
        return replies[n - 1] ?? status(204);
      },
      { attempts: 5 },
    );
    hook.notify([answer(0)]);
    await hook.close();
    expect(calls).toHaveLength(5);
    expect(errors).toEqual([]);
  });

  it('does not retry a 400 and reports it once', async () => {
    const { hook, calls, waits, errors } = harness(() => status(400));
    hook.notify([answer(3)]);
    await hook.close();
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('400');
  });

  it('honours Retry-After on 429 and 503, capped at 60 s', async () => {
    const replies = [status(429, { 'Retry-After': '7' }), status(503, { 'Retry-After': '3600' })];
    const { hook, calls, waits, errors } = harness((_, n) => replies[n - 1] ?? status(200));
    hook.notify([answer(3)]);
    await hook.close();
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([7000, 60_000]);
    expect(errors).toEqual([]);
  });

  it('does not follow or retry a 307, nor an opaque redirect', async () => {
    const opaque = { type: 'opaqueredirect', status: 0, headers: new Headers(), body: null };
    const replies = [
      status(307, { Location: 'https://evil.example/steal' }),
      opaque as unknown as Response,
    ];
    const { hook, calls, waits, errors } = harness((_, n) => replies[n - 1] ?? status(200));
    hook.notify([answer(3)]);
    hook.notify([answer(2)]);
    await hook.close();
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => call.init.redirect)).toEqual(['manual', 'manual']);
    expect(waits).toEqual([]);
    expect(errors).toHaveLength(2);
    expect(errors[0]?.message).toMatch(/307.*redirects are not followed/);
    expect(errors[1]?.message).toMatch(/redirects are not followed/);
  });

  it('aborts a hanging request at the timeout, retries it, then reports it', async () => {
    const { hook, calls, errors } = harness(hang, { timeoutMs: 30, attempts: 2 });
    hook.notify([answer(3)]);
    await hook.close(5000);
    expect(calls).toHaveLength(2);
    expect(calls.every((call) => call.init.signal?.aborted)).toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/timed out after 30 ms; gave up after 2 attempts/);
  });
});

describe('close', () => {
  it('ends at its deadline with a hanging hook and reports each undelivered message once', async () => {
    const first = answer(3);
    const second = answer(4);
    const { hook, calls, errors } = harness(hang, { timeoutMs: 60_000, concurrency: 1 });
    hook.notify([first, second]);
    const began = performance.now();
    await hook.close(100);
    const took = performance.now() - began;
    expect(took).toBeGreaterThanOrEqual(90);
    expect(took).toBeLessThan(400);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.init.signal?.aborted).toBe(true);
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringMatching(new RegExp(`${first.id}.*close deadline of 100 ms`)),
      expect.stringMatching(new RegExp(`${second.id}.*close deadline of 100 ms`)),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(errors).toHaveLength(2);
  });

  it('ignores notify after close and reports that once', async () => {
    const { hook, calls, errors } = harness(() => status(200));
    await hook.close();
    hook.notify([answer(3)]);
    hook.notify([answer(1)]);
    await hook.close();
    expect(calls).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/after close/);
  });
});

describe('load', () => {
  it('keeps at most `concurrency` requests in flight for 5 batches of 100 detractors', async () => {
    let inFlight = 0;
    let most = 0;
    const { hook, calls, errors } = harness(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
      inFlight--;
      return status(204);
    });
    for (let b = 0; b < 5; b++) hook.notify(Array.from({ length: 100 }, () => answer(2)));
    await hook.close(20_000);
    expect(most).toBe(4);
    expect(calls).toHaveLength(500);
    expect(new Set(calls.map((call) => header(call, 'webhook-id'))).size).toBe(500);
    expect(errors).toEqual([]);
  });

  it('drops what overflows the queue and reports it', async () => {
    const release: (() => void)[] = [];
    const { hook, calls, errors } = harness(
      () => new Promise<Response>((resolve) => release.push(() => resolve(status(200)))),
      { concurrency: 1, maxQueue: 2 },
    );
    const responses = [answer(1), answer(2), answer(3), answer(4)];
    hook.notify(responses);
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringContaining(`webhook queue full (2); dropped response ${responses[3]?.id}`),
    ]);
    const closed = hook.close();
    while (calls.length < 3 || release.length > 0) {
      release.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await closed;
    expect(calls.map((call) => header(call, 'webhook-id'))).toEqual(
      responses.slice(0, 3).map((r) => `${r.id}.${r.revision}`),
    );
    expect(errors).toHaveLength(1);
  });
});

describe('what is sent', () => {
  it('fires only for the listed categories (default: the negative ones)', async () => {
    const csat = { id: 'csat', type: 'csat' } as const;
    const ces = { id: 'ces', type: 'ces' } as const;
    const mixed = [answer(3), answer(8), answer(10), answer(1, csat), answer(5, csat)];
    const fallback = harness(() => status(200));
    fallback.hook.notify([...mixed, answer(2, ces), answer(7, ces)]);
    await fallback.hook.close();
    const fired = (calls: Call[]) =>
      calls.map((call) => (JSON.parse(call.init.body as string) as { data: SurveyResponse }).data);
    expect(fired(fallback.calls).map((r) => r.category)).toEqual([
      'detractor',
      'dissatisfied',
      'difficult',
    ]);
    const passive = harness(() => status(200), { when: ['passive'] });
    passive.hook.notify(mixed);
    await passive.hook.close();
    expect(fired(passive.calls).map((r) => r.id)).toEqual([mixed[1]?.id]);
  });

  it('posts the Standard Webhooks JSON body with a stable id and a fresh timestamp', async () => {
    let now = start;
    const response = answer(3, undefined, { revision: 2 });
    const { hook, calls } = harness(
      (_, n) => status(n === 1 ? 502 : 200),
      {},
      () => (now += 1500),
    );
    hook.notify([response]);
    await hook.close();
    expect(calls).toHaveLength(2);
    expect(calls[0]?.url).toBe(url);
    expect(calls[0]?.init.method).toBe('POST');
    expect(header(calls[0], 'Content-Type')).toBe('application/json');
    expect(header(calls[0], 'webhook-signature')).toBe('');
    expect(calls.map((call) => header(call, 'webhook-id'))).toEqual([
      `${response.id}.2`,
      `${response.id}.2`,
    ]);
    const stamps = calls.map((call) => Number(header(call, 'webhook-timestamp')));
    expect(stamps[1]).toBeGreaterThan(stamps[0] ?? Infinity);
    const body = JSON.parse(calls[0]?.init.body as string);
    expect(body).toEqual({
      type: 'response.stored',
      timestamp: new Date(start + 1500).toISOString(),
      data: response,
    });
  });

  it('escapes Slack markup in every visitor-written piece and stays short', async () => {
    const response = answer(
      3,
      { id: 'nps<!here>', type: 'nps' },
      {
        comment: `<!channel> & <@U123> <https://evil.example|click>\nfake line ${'x'.repeat(600)}`,
        page: { url: 'https://shop.example.com/a?b=1&c=<d>', referrer: '' },
      },
    );
    const { hook, calls } = harness(() => status(200), { format: 'slack' });
    hook.notify([response]);
    await hook.close();
    const body = JSON.parse(calls[0]?.init.body as string) as Record<string, string>;
    expect(Object.keys(body)).toEqual(['text']);
    const lines = (body.text ?? '').split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^NPS 3 \(detractor\) on survey "nps&lt;!here&gt;": “&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https:\/\/evil\.example\|click&gt; fake line x+…”$/,
    );
    expect(lines[0]?.length).toBeLessThan(600);
    expect(lines[1]).toBe('https://shop.example.com/a?b=1&amp;c=&lt;d&gt;');
    expect(body.text).not.toMatch(/[<>]/);
  });
});

describe('signatures', () => {
  const sent = async () => {
    const { hook, calls } = harness(() => status(200), { secret });
    hook.notify([answer(3)]);
    await hook.close();
    const call = calls[0] as Call;
    return { headers: new Headers(call.init.headers), body: call.init.body as string };
  };
  const at = (ms: number) => ({ now: () => ms });

  it('signs each request so verifyWebhook accepts the exact body', async () => {
    const { headers, body } = await sent();
    expect(headers.get('webhook-signature')).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(await verifyWebhook(secret, headers, body, at(start))).toBe(true);
    const record = Object.fromEntries(headers);
    expect(await verifyWebhook(secret, record, body, at(start + 299_000))).toBe(true);
    const rotated = { ...record, 'webhook-signature': `v1,AAAA ${record['webhook-signature']}` };
    expect(await verifyWebhook(key.toString('base64'), rotated, body, at(start))).toBe(true);
  });

  it('rejects a tampered body, a wrong secret, an old timestamp and malformed headers', async () => {
    const { headers, body } = await sent();
    const record = Object.fromEntries(headers);
    const other = `whsec_${Buffer.from('another secret of 32 bytes long!').toString('base64')}`;
    const check = (h: Record<string, string>, s = secret, b = body, now = start) =>
      verifyWebhook(s, h, b, at(now));
    expect(await check(record, secret, body.replace('detractor', 'promoter'))).toBe(false);
    expect(await check(record, other)).toBe(false);
    expect(await check(record, secret, body, start + 301_000)).toBe(false);
    expect(await check(record, secret, body, start - 301_000)).toBe(false);
    const signature = record['webhook-signature'] ?? '';
    const malformed: Record<string, string>[] = [
      {},
      { ...record, 'webhook-signature': '' },
      { ...record, 'webhook-signature': signature.replace('v1,', 'v2,') },
      { ...record, 'webhook-signature': signature.replace('v1,', '') },
      { ...record, 'webhook-signature': 'v1,@@not base64@@' },
      { ...record, 'webhook-timestamp': `${record['webhook-timestamp']}.0` },
      { ...record, 'webhook-timestamp': 'soon' },
      { ...record, 'webhook-id': '' },
    ];
    for (const h of malformed) expect(await check(h)).toBe(false);
    expect(await check(record, 'whsec_!!!')).toBe(false);
    expect(await verifyWebhook(secret, null as unknown as Headers, body)).toBe(false);
  });

  it('matches HMAC-SHA256 computed independently, and the published test vector', async () => {
    const id = 'msg_1.3';
    const body = '{"a":"é ✓"}';
    const expected = createHmac('sha256', key).update(`${id}.1763632800.${body}`).digest('base64');
    expect(await signWebhook(secret, id, 1763632800, body)).toBe(`v1,${expected}`);
    expect(await signWebhook(key.toString('base64'), id, 1763632800, body)).toBe(`v1,${expected}`);
    expect(
      await signWebhook(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('refuses a malformed secret or url at creation instead of sending unverifiable requests', () => {
    expect(() => createWebhook({ url, secret: 'whsec_short' })).toThrow(/secret/);
    expect(() => createWebhook({ url: 'https://user:pw@hooks.example.com/' })).toThrow(/url/);
    expect(() => createWebhook({ url: 'file:///etc/passwd' })).toThrow(/url/);
  });
});
