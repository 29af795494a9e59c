import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Collector,
  type CollectorOptions,
  createCollector as createWithDb,
} from './collector.js';
import { toNodeListener } from './node.js';

/** Which database a collector of `serve` or the command uses. */
export interface StoreChoice extends Omit<CollectorOptions, 'db'> {
  /** `postgres://…`: a PostgreSQL server (needs `pg`); absent: PGlite (needs `@electric-sql/pglite`). */
  database?: string;
  /** PGlite's folder; default `.surveylet-data`. */
  dataDir?: string;
  /** A PGlite instance or `pg` Pool of your own; overrides the two above. */
  db?: CollectorOptions['db'];
}

/**
 * The collector for a choice made at run time (a flag, an environment variable).
 * Only the chosen driver is loaded; apps that bundle their server import
 * `surveylet/collector/pglite` or `surveylet/collector/postgres` instead.
 */
export async function collectorFor(options: StoreChoice): Promise<Collector> {
  const { database, dataDir, db, ...rest } = options;
  if (db) return createWithDb({ ...rest, db });
  if (database) {
    const { createCollector } = await import('./postgres.js');
    return createCollector({ ...rest, connectionString: database });
  }
  const { createCollector } = await import('./pglite.js');
  return createCollector({ ...rest, dataDir });
}

/** Options of `serve`: the collector's, plus where to listen. */
export interface ServeOptions extends StoreChoice {
  /** A collector made by you; `database`, `dataDir`, `db` and the collector's options are then unused. */
  collector?: Collector;
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: only this machine. Use 0.0.0.0 (or ::) to accept the network. */
  host?: string;
  /** Where ingest and the results API live; default `/collect`. */
  path?: string;
  /** Where the results page is; default `/`. */
  pagePath?: string;
  /** One line per request and the start-up lines; default: console.log. */
  log?: (line: string) => void;
  /** Requests outside the collector's paths (the demo serves its pages here); default 404. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

/** A running collector server. */
export interface Served {
  url: string;
  collector: Collector;
  close(): Promise<void>;
}

/**
 * Starts what `surveylet-collector` runs: ingest at `POST /collect`, the results API
 * at `GET /collect/results` and `GET /collect/export.csv`, and the results page at
 * `GET /`. Without a read token (and without `publicResults`) it makes one up and
 * prints it, so the results are never open by accident.
 */
export async function serve(options: ServeOptions = {}): Promise<Served> {
  const log = options.log ?? ((line: string) => console.log(line));
  const host = options.host ?? '127.0.0.1';
  const path = (options.path ?? '/collect').replace(/\/+$/, '');
  const pagePath = options.pagePath ?? '/';
  let readToken = options.readToken ?? process.env.SURVEYLET_READ_TOKEN;
  if (!readToken && !options.authorize && !options.publicResults) {
    readToken = randomBytes(18).toString('base64url');
    log(`read token (made up for this run; set SURVEYLET_READ_TOKEN to keep one): ${readToken}`);
  }
  const collector = options.collector ?? (await collectorFor({ ...options, readToken }));
  // Open (and migrate) before listening, so "listening on" means ready to store answers.
  await collector.ready();
  const display = host.includes(':') ? `[${host}]` : host;
  let listener = toNodeListener(collector, { base: `http://${display}`, log });
  const server = createServer(async (req, res) => {
    const target = req.url ?? '';
    const pathname = target.split('?')[0] ?? '';
    if (pathname === pagePath && (req.method === 'GET' || req.method === 'HEAD')) {
      // The results page reads the API under `path`, wherever the page itself is.
      req.url = `${path}/${target.slice(pathname.length)}`;
      return listener(req, res);
    }
    if (pathname === path || pathname.startsWith(`${path}/`) || !target.startsWith('/')) {
      return listener(req, res);
    }
    if (options.fallback) {
      try {
        return await options.fallback(req, res);
      } catch (error) {
        log(`fallback failed: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500);
        return void res.end();
      }
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`not found: the collector answers at ${path} and the results page at ${pagePath}`);
  });
  server.on('clientError', (_error, socket) => {
    // A request Node cannot even parse: answer 400 and close, never crash.
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${display}:${port}`;
  listener = toNodeListener(collector, { base: url, log });
  log(`listening on ${url} (results page: ${url}/, ingest: POST ${url}${path})`);
  return {
    url,
    collector,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await collector.close();
    },
  };
}
