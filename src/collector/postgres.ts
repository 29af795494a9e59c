import pg from 'pg';
import {
  type Collector,
  type CollectorOptions,
  createCollector as createWithDb,
} from './collector.js';

// `surveylet/collector/postgres`: the collector on a PostgreSQL server through `pg`,
// imported statically so a bundler sees exactly one database driver, never PGlite.
export * from './public.js';

/** Options of the PostgreSQL collector: the collector's, with a URL instead of `db`. */
export interface PostgresCollectorOptions extends Omit<CollectorOptions, 'db'> {
  /** `postgres://user:password@host:5432/db`; default: the `DATABASE_URL` environment variable. */
  connectionString?: string;
  /** Connections this instance may hold; default 10. */
  maxConnections?: number;
}

/**
 * The reference collector storing answers in PostgreSQL. The pool connects and
 * migrates on the first request (or `ready()`), never at import or build time, so
 * `DATABASE_URL` only has to exist where the collector runs.
 */
export function createCollector(options: PostgresCollectorOptions = {}): Collector {
  const { connectionString, maxConnections = 10, ...rest } = options;
  return createWithDb({
    ...rest,
    db: () => {
      const url = connectionString ?? process.env.DATABASE_URL;
      if (!url?.startsWith('postgres')) {
        throw new TypeError(
          `surveylet collector: connectionString (or DATABASE_URL) must be a postgres:// URL; got ${url ? `"${url.split(':')[0]}:…"` : 'nothing'}.`,
        );
      }
      return new pg.Pool({ connectionString: url, max: maxConnections });
    },
  });
}
