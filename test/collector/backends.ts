import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Db } from '../../src/collector/store.js';

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
        const pool = new pg.Pool({ connectionString: url, max: 10 });
        // A clean schema per run: the tests own this database.
        await pool.query('DROP TABLE IF EXISTS surveylet_responses, surveylet_migrations');
        return pool as unknown as Db;
      },
    });
  } else if (process.env.CI) {
    throw new Error('CI must set DATABASE_URL to a PostgreSQL server (.ci/run starts one)');
  }
  return list;
}
