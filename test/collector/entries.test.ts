import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { createCollector as createOnPGlite } from '../../src/collector/pglite.js';
import { createCollector as createOnPostgres } from '../../src/collector/postgres.js';
import type { Db } from '../../src/collector/store.js';
import { answer, batch, post } from './fixtures.js';

// What a bundler and a build see: a collector opens nothing until it is used (Next.js
// evaluates route modules during `next build`), and each store entry brings one driver.
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('opening the database', () => {
  it('opens nothing at creation, then once on the first request', async () => {
    const db = new PGlite();
    const open = vi.fn(() => db as unknown as Db);
    const collector = createCollector({ db: open, rateLimit: false });
    expect(open).not.toHaveBeenCalled();
    const [first, second] = await Promise.all([
      collector.handle(post(batch(answer(9)))),
      collector.handle(post(batch(answer(7)))),
    ]);
    expect([first.status, second.status]).toEqual([204, 204]);
    expect(open).toHaveBeenCalledOnce();
    await collector.close();
    expect(db.closed).toBe(true); // it opened the database, so it closes it
  });

  it('answers 503 while the database cannot be reached at start, and heals without a restart', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const db = new PGlite();
    let reachable = false;
    const onError = vi.fn();
    const collector = createCollector({
      db: () => {
        if (!reachable) throw outage;
        return db as unknown as Db;
      },
      onError,
    });
    const down = await collector.handle(post(batch(answer(9))));
    expect(down.status).toBe(503);
    expect(down.headers.get('Retry-After')).toBe('30');
    expect(onError).toHaveBeenCalledWith(outage);
    reachable = true;
    expect((await collector.handle(post(batch(answer(9))))).status).toBe(204);
    await collector.close();
  });

  it('names the entries to import when no database is given', () => {
    expect(() => createCollector({} as never)).toThrow(
      /surveylet\/collector\/pglite.*surveylet\/collector\/postgres/,
    );
  });
});

describe('surveylet/collector/pglite', () => {
  it('creates its folder on ready(), not when created', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'surveylet-entry-'));
    folders.push(parent);
    const dataDir = join(parent, 'data');
    const collector = createOnPGlite({ dataDir });
    expect(existsSync(dataDir)).toBe(false);
    await collector.ready();
    expect(existsSync(dataDir)).toBe(true);
    expect((await collector.handle(post(batch(answer(10))))).status).toBe(204);
    await collector.close();
  }, 60_000);
});

describe('surveylet/collector/postgres', () => {
  it('reads DATABASE_URL when used, and says what is missing', async () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const collector = createOnPostgres({ readToken: 'k' }); // no URL yet: still fine
      await expect(collector.ready()).rejects.toThrow(
        /connectionString \(or DATABASE_URL\) must be a postgres:\/\/ URL; got nothing/,
      );
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });

  it.runIf(process.env.DATABASE_URL)('stores an answer on the server in DATABASE_URL', async () => {
    // A schema of its own, dropped after: the tables a run migrates never outlive it.
    const saved = process.env.DATABASE_URL as string;
    const schema = `surveylet_entry_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: saved });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(saved);
    url.searchParams.set('options', `-c search_path=${schema}`);
    process.env.DATABASE_URL = url.toString();
    try {
      const collector = createOnPostgres({ rateLimit: false });
      expect((await collector.handle(post(batch(answer(8))))).status).toBe(204);
      await collector.close();
      const { rows } = await admin.query(
        `SELECT count(*)::int AS n FROM ${schema}.surveylet_responses`,
      );
      expect(rows[0].n).toBe(1);
    } finally {
      process.env.DATABASE_URL = saved;
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
