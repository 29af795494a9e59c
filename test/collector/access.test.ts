import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { refuseRead, sameSecret } from '../../src/collector/access.js';
import { createCollector } from '../../src/collector/collector.js';
import type { Db } from '../../src/collector/store.js';

const results = (headers: Record<string, string> = {}) =>
  new Request('https://collect.example.com/collect/results', { headers });
const basic = (password: string) => `Basic ${Buffer.from(`anyone:${password}`).toString('base64')}`;

describe('sameSecret', () => {
  it('tells equal secrets from different ones of any length', async () => {
    expect(await sameSecret('operator-key', 'operator-key')).toBe(true);
    expect(await sameSecret('operator-kez', 'operator-key')).toBe(false);
    expect(await sameSecret('', 'operator-key')).toBe(false);
    expect(await sameSecret('operator-key-and-more', 'operator-key')).toBe(false);
  });
});

describe('refuseRead', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('lets nobody read when no token, hook or opt-out is configured', async () => {
    vi.stubEnv('SURVEYLET_READ_TOKEN', '');
    expect(await refuseRead(results({ Authorization: 'Bearer x' }), {})).toMatch(
      /needs a read token: start the collector with readToken/,
    );
  });

  it('accepts the token as Bearer or as the Basic password, and nothing else', async () => {
    const access = { readToken: 'operator-key' };
    expect(await refuseRead(results({ Authorization: 'Bearer operator-key' }), access)).toBeNull();
    expect(await refuseRead(results({ Authorization: basic('operator-key') }), access)).toBeNull();
    expect(await refuseRead(results({ Authorization: 'Bearer operator-kez' }), access)).toBe(
      'the read token is not right',
    );
    expect(await refuseRead(results({ Authorization: 'Basic !!!' }), access)).toBe(
      'sign in with the read token',
    );
    expect(await refuseRead(results(), access)).toBe('sign in with the read token');
  });

  it('reads the token from SURVEYLET_READ_TOKEN', async () => {
    vi.stubEnv('SURVEYLET_READ_TOKEN', 'from-env');
    expect(await refuseRead(results({ Authorization: 'Bearer from-env' }), {})).toBeNull();
  });

  it("asks the app's own authorize hook, and honours an explicit opt-out", async () => {
    const authorize = (request: Request) => request.headers.get('Cookie') === 'session=admin';
    expect(await refuseRead(results({ Cookie: 'session=admin' }), { authorize })).toBeNull();
    expect(await refuseRead(results({ Cookie: 'session=guest' }), { authorize })).not.toBeNull();
    expect(await refuseRead(results(), { publicResults: true })).toBeNull();
  });
});

describe('reads through the collector', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = new PGlite();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('grants CORS for reads only to readOrigins, with credentials', async () => {
    const collector = await createCollector({
      db: db as unknown as Db,
      readToken: 'operator-key',
      readOrigins: ['https://admin.example.com'],
    });
    const mine = await collector.handle(
      results({ Origin: 'https://admin.example.com', Authorization: 'Bearer operator-key' }),
    );
    expect(mine.status).toBe(200);
    expect(mine.headers.get('Access-Control-Allow-Origin')).toBe('https://admin.example.com');
    expect(mine.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    const preflight = await collector.handle(
      new Request('https://collect.example.com/collect/results', {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://evil.example',
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      }),
    );
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toBeNull();
  });

  it('serves the results page only to the operator, with a strict CSP', async () => {
    const collector = await createCollector({ db: db as unknown as Db, readToken: 'operator-key' });
    const page = (headers: Record<string, string>) =>
      collector.handle(new Request('https://collect.example.com/collect', { headers }));
    expect((await page({})).status).toBe(401);
    const signedIn = await page({ Authorization: basic('operator-key') });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('Content-Type')).toContain('text/html');
    expect(signedIn.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(await signedIn.text()).toContain('data-api="/collect"');
  });
});
