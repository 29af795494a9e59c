import { PGlite } from '@electric-sql/pglite';
import {
  type Collector,
  type CollectorOptions,
  createCollector as createWithDb,
} from './collector.js';

// `surveylet/collector/pglite`: the collector on embedded PostgreSQL (WebAssembly),
// imported statically so a bundler sees exactly one database driver, never `pg`.
export * from './public.js';

/** Options of the PGlite collector: the collector's, with a folder instead of `db`. */
export interface PGliteCollectorOptions extends Omit<CollectorOptions, 'db'> {
  /** PGlite's folder; default `.surveylet-data`; `memory://` keeps nothing on disk. */
  dataDir?: string;
}

/**
 * The reference collector storing answers in PGlite. The folder is created and
 * migrated on the first request (or `ready()`), never at import or build time; a
 * new folder takes a few seconds to initialise, an existing one well under a second.
 */
export function createCollector(options: PGliteCollectorOptions = {}): Collector {
  const { dataDir = '.surveylet-data', ...rest } = options;
  return createWithDb({ ...rest, db: () => new PGlite(dataDir) });
}
