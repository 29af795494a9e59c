import { configuredToken } from './access.js';
import { checkPageUrl, isInboxPath } from './followUp.js';
import { createInboxRoutes } from './inboxRoutes.js';
import { createIngest, isOutage } from './ingest.js';
import type { CollectorOptions, RequestContext } from './options.js';
import { clientKey, createRateLimiter, defaultRateLimit } from './rateLimit.js';
import { createReads } from './reads.js';
import { createReplies } from './replies.js';
import { openStore, type ResponseStore } from './store.js';
import { createWebhook } from './webhook.js';

export type { CollectorOptions, RequestContext } from './options.js';

/** A protocol v1 endpoint as a standard Fetch-API handler. */
export interface Collector {
  handle(request: Request, context?: RequestContext): Promise<Response>;
  /** Opens the database and brings its schema up to date now rather than on the first request. */
  ready(): Promise<void>;
  /** Deletes every answer of one respondent (a privacy request); resolves to how many. */
  deleteRespondent(who: { visitorId?: string; userId?: string }): Promise<number>;
  /** Deletes answers received more than `days` (default `retentionDays`) days ago; resolves to how many. */
  purge(days?: number): Promise<number>;
  /** Waits for webhooks (at most `deadlineMs`, default 10 s) and closes the database it opened. */
  close(deadlineMs?: number): Promise<void>;
}

interface Opened {
  store: ResponseStore;
  ingest: (request: Request) => Promise<Response>;
  reads: (request: Request) => Promise<Response>;
  inbox: (request: Request) => Promise<Response>;
}

/**
 * Creates the reference collector: ingest (`POST`, any path), CORS preflight
 * (`OPTIONS`), and for the operator only, results (`GET …/results`), the export
 * (`GET …/export.csv`), the follow-up inbox (`GET …/inbox`, `POST …/inbox/<id>`) and
 * the results page (any other `GET`). It answers 2xx only
 * when the whole batch is stored, 4xx naming the field for anything it refuses, and
 * 503 with `Retry-After` only when the database is unavailable.
 */
export function createCollector(options: CollectorOptions): Collector {
  if (!options || (typeof options.db !== 'function' && typeof options.db?.query !== 'function')) {
    throw new TypeError(
      "surveylet collector: no database. Import createCollector from 'surveylet/collector/pglite' (embedded, data in a folder) or 'surveylet/collector/postgres' (a PostgreSQL server), or pass { db } (a PGlite instance or pg Pool).",
    );
  }
  const now = options.now ?? Date.now;
  const onError =
    options.onError ?? ((error: unknown) => console.warn('surveylet collector:', error));
  checkPageUrl(options.pageUrl);
  const webhook = options.webhook
    ? createWebhook(options.webhook, { onError, pageUrl: options.pageUrl })
    : null;
  const replies = createReplies(options);
  // Nothing is opened before the first request: importing the collector in a build
  // (Next.js evaluates route modules while building) must not create a database.
  let opening: Promise<Opened> | null = null;
  const open = () => {
    opening ??= openParts().catch((error: unknown) => {
      opening = null; // the next request tries again, so an outage at start heals
      throw error;
    });
    return opening;
  };
  const openParts = async (): Promise<Opened> => {
    // Said where the collector runs, not where it is built: the token may be set only there.
    if (!configuredToken(options) && !options.authorize && !options.publicResults) {
      console.warn(
        'surveylet collector: results are locked (no readToken): set readToken or SURVEYLET_READ_TOKEN to read them.',
      );
    }
    const db = typeof options.db === 'function' ? await options.db() : options.db;
    const store = await openStore(db).catch(async (error: unknown) => {
      if (typeof options.db === 'function') await (db.end ?? db.close)?.call(db).catch(() => {});
      throw error;
    });
    return {
      store,
      ingest: createIngest({ options, store, webhook, replies, onError, now }),
      reads: createReads({ options, db, replies }),
      inbox: createInboxRoutes({ options, db, replies }),
    };
  };
  const limiter =
    options.rateLimit === false
      ? null
      : createRateLimiter(options.rateLimit ?? defaultRateLimit, now);
  const trustProxy = options.trustProxy === true ? 1 : Number(options.trustProxy ?? 0);
  let warnedNoAddress = false;

  const rateLimited = (request: Request, context: RequestContext) => {
    if (!limiter) return null;
    const key = clientKey(request, context.clientAddress, trustProxy);
    if (key === undefined) {
      if (!warnedNoAddress) {
        warnedNoAddress = true;
        console.warn(
          'surveylet collector: no client address, so no rate limit: pass { clientAddress } to handle(), or set trustProxy behind a proxy that sets X-Forwarded-For.',
        );
      }
      return null;
    }
    const wait = limiter.take(key);
    return wait === 0
      ? null
      : replies.error(request, 429, `too many requests; retry after ${wait} s`, {
          'Retry-After': String(wait),
        });
  };

  return {
    async handle(request, context = {}) {
      try {
        const limited = rateLimited(request, context);
        if (limited) return limited;
        if (request.method === 'OPTIONS') return replies.preflight(request);
        const reading = request.method === 'GET' || request.method === 'HEAD';
        if (request.method !== 'POST' && !reading) {
          return replies.error(request, 405, 'use POST for responses, GET for results', {
            Allow: 'POST, GET, HEAD, OPTIONS',
          });
        }
        const parts = await open();
        if (isInboxPath(new URL(request.url).pathname)) return await parts.inbox(request);
        return await (reading ? parts.reads(request) : parts.ingest(request));
      } catch (cause) {
        onError(cause);
        return isOutage(cause)
          ? replies.error(request, 503, 'the database is unavailable; retry later', {
              'Retry-After': '30',
            })
          : replies.error(request, 500, 'the collector failed on this request');
      }
    },
    async ready() {
      await open();
    },
    async deleteRespondent(who) {
      return (await open()).store.deleteRespondent(who);
    },
    async purge(days = options.retentionDays) {
      if (!days) throw new TypeError('purge needs a number of days');
      return (await open()).store.deleteOlderThan(days);
    },
    async close(deadlineMs = 10_000) {
      await webhook?.close(deadlineMs);
      // A connection the caller passed in is the caller's to close; one we opened is ours.
      const opened = opening && (await opening.catch(() => null));
      if (opened && typeof options.db === 'function') await opened.store.close();
    },
  };
}
