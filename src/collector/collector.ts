import type { SurveyResponse } from '../core/types.js';
import { toCsv } from './csv.js';
import { summarize } from './results.js';
import { type Db, openStore, type ResponseStore } from './store.js';
import { checkBatch } from './validate.js';
import { createWebhook, type WebhookOptions } from './webhook.js';

/** Options of `createCollector` (delivery.md §1.1). */
export interface CollectorOptions {
  /** `postgres://…` for a PostgreSQL server; absent: PGlite in `dataDir`. */
  database?: string;
  /** PGlite's folder (the embedded default); `memory://` keeps it in memory. */
  dataDir?: string;
  /** A database connection of your own (PGlite or a `pg` Pool); overrides the two above. */
  db?: Db;
  /** Origins allowed to post; default: any. */
  allowOrigins?: string[];
  /** Survey ids accepted; default: any. */
  allowSurveys?: string[];
  /** Largest body accepted, in bytes; default 64 KiB. */
  maxBodyBytes?: number;
  /** Fires for detractors and low CSAT/CES so a team can close the loop the same day. */
  webhook?: WebhookOptions;
  /** Where background errors go (webhook failures); default: console.warn. */
  onError?: (error: unknown) => void;
}

/** A protocol v1 endpoint as a standard Fetch-API handler. */
export interface Collector {
  handle(request: Request): Promise<Response>;
  /** Waits for webhooks in flight and closes the database it opened. */
  close(): Promise<void>;
}

async function openDb(options: CollectorOptions): Promise<Db> {
  if (options.db) return options.db;
  if (options.database?.startsWith('postgres')) {
    const { default: pg } = await import('pg');
    return new pg.Pool({ connectionString: options.database, max: 10 });
  }
  const { PGlite } = await import('@electric-sql/pglite');
  return new PGlite(options.dataDir ?? '.surveylet-data');
}

/**
 * Creates the reference collector: ingest (`POST`, any path), CORS preflight
 * (`OPTIONS`), results (`GET …/results`) and export (`GET …/export.csv`). It
 * answers 2xx only when the whole batch is stored, upserts by `(id, revision)`, and
 * answers 503 with `Retry-After` when the database cannot take the batch.
 */
export async function createCollector(options: CollectorOptions = {}): Promise<Collector> {
  const db = await openDb(options);
  const store: ResponseStore = await openStore(db);
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const onError =
    options.onError ?? ((error: unknown) => console.warn('surveylet collector:', error));
  const webhook = options.webhook
    ? createWebhook(options.webhook, fetch, undefined, onError)
    : null;

  const cors = (request: Request): Record<string, string> => {
    const origin = request.headers.get('Origin');
    if (!origin) return {};
    if (options.allowOrigins && !options.allowOrigins.includes(origin)) return {};
    return { 'Access-Control-Allow-Origin': options.allowOrigins ? origin : '*', Vary: 'Origin' };
  };
  const reply = (
    request: Request,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) =>
    new Response(body === null ? null : typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: {
        ...cors(request),
        ...(body === null
          ? {}
          : {
              'Content-Type':
                typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
            }),
        ...headers,
      },
    });
  const error = (
    request: Request,
    status: number,
    message: string,
    headers: Record<string, string> = {},
  ) => reply(request, status, { error: message }, headers);

  const ingest = async (request: Request) => {
    const origin = request.headers.get('Origin');
    if (origin && options.allowOrigins && !options.allowOrigins.includes(origin)) {
      return error(request, 403, `origin ${origin} is not allowed to post here`);
    }
    const declared = Number(request.headers.get('Content-Length') ?? 0);
    if (declared > maxBody) return error(request, 413, `body over ${maxBody} bytes`);
    const text = await request.text();
    if (new TextEncoder().encode(text).length > maxBody)
      return error(request, 413, `body over ${maxBody} bytes`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return error(request, 400, 'body is not valid JSON');
    }
    const checked = checkBatch(body);
    if ('problem' in checked) return error(request, 422, checked.problem);
    const responses: SurveyResponse[] = checked.batch.responses;
    if (options.allowSurveys) {
      const index = responses.findIndex((r) => !options.allowSurveys?.includes(r.surveyId));
      if (index >= 0) {
        return error(
          request,
          422,
          `responses[${index}].surveyId "${responses[index]?.surveyId}" is not accepted here`,
        );
      }
    }
    let changed: SurveyResponse[];
    try {
      changed = await store.upsert(responses);
    } catch (cause) {
      onError(cause);
      return error(request, 503, 'the store is unavailable; retry later', { 'Retry-After': '30' });
    }
    webhook?.notify(changed);
    return reply(request, 204, null);
  };

  const results = async (request: Request, url: URL) => {
    const date = (name: string) => {
      const value = url.searchParams.get(name);
      if (!value) return undefined;
      const parsed = new Date(value);
      return Number.isNaN(parsed.getTime()) ? null : parsed;
    };
    const from = date('from');
    const to = date('to');
    if (from === null || to === null)
      return error(request, 400, 'from and to must be dates like 2026-11-01');
    const by = url.searchParams.get('by') ?? 'day';
    if (by !== 'day' && by !== 'week') return error(request, 400, 'by must be "day" or "week"');
    const rows = await store.rows({
      surveyId: url.searchParams.get('surveyId') ?? undefined,
      from,
      to,
    });
    if (url.pathname.endsWith('/export.csv')) {
      return reply(request, 200, toCsv(rows), {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="surveylet-responses.csv"',
      });
    }
    const segment = url.searchParams.get('segment') ?? undefined;
    return reply(request, 200, { surveys: summarize(rows, { by, segment }) });
  };

  return {
    async handle(request) {
      const url = new URL(request.url);
      try {
        if (request.method === 'OPTIONS') {
          return reply(request, 204, null, {
            'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
            'Access-Control-Allow-Headers':
              request.headers.get('Access-Control-Request-Headers') ?? 'Content-Type',
            'Access-Control-Max-Age': '86400',
          });
        }
        if (request.method === 'POST') return await ingest(request);
        if (request.method === 'GET' && /\/(results|export\.csv)$/.test(url.pathname)) {
          return await results(request, url);
        }
        return error(request, 405, 'use POST for responses, GET …/results or …/export.csv', {
          Allow: 'POST, GET, OPTIONS',
        });
      } catch (cause) {
        onError(cause);
        return error(request, 503, 'the collector failed; retry later', { 'Retry-After': '30' });
      }
    },
    async close() {
      await webhook?.settle();
      // A connection the caller passed in is the caller's to close.
      if (!options.db) await store.close();
    },
  };
}
