import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { type Db, openStore, type ResponseStore } from '../../src/collector/store.js';

/**
 * The databases the storage contract runs against: PGlite always, and a PostgreSQL
 * server through DATABASE_URL. CI must provide the server: there, a missing
 * DATABASE_URL fails the run instead of skipping the PostgreSQL half.
 */
export function backends(): { name: string; open(): Promise<Db> }[] {
  const list = [{ name: 'PGlite', open: async () => new PGlite() as unknown as Db }];
  const url = process.env.DATABASE_URL;
  if (url) {
    list.push({
      name: 'PostgreSQL',
      open: async () => {
        // A schema of its own per open: test files run in parallel on one database.
        const schema = `surveylet_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        await admin.end();
        const pool = new pg.Pool({
          connectionString: url,
          max: 10,
          options: `-c search_path=${schema}`,
        });
        const end = pool.end.bind(pool);
        return Object.assign(pool, {
          end: async () => {
            await pool.query(`DROP SCHEMA ${schema} CASCADE`);
            await end();
          },
        }) as unknown as Db;
      },
    });
  } else if (process.env.CI) {
    throw new Error('CI must set DATABASE_URL to a PostgreSQL server (.ci/run starts one)');
  }
  return list;
}

/** Opens a store on `open` for the enclosing describe block and closes it after. */
export function storeOn(open: () => Promise<Db>): () => ResponseStore {
  let store: ResponseStore | undefined;
  beforeAll(async () => {
    store = await openStore(await open());
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });
  return () => {
    if (!store) throw new Error('the store is not open yet');
    return store;
  };
}
