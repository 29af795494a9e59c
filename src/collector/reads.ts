import { refuseRead } from './access.js';
import { exportCsv } from './export.js';
import type { CollectorOptions } from './options.js';
import { resultsPage } from './page/page.js';
import type { Replies } from './replies.js';
import { queryResults, type ResultsQuery } from './results.js';
import type { Db } from './schema.js';
import { type TrendPeriod, trendPeriods } from './trend.js';

/** The query string of a read, checked; or what is wrong with it. */
export function parseQuery(url: URL): ResultsQuery | { problem: string } {
  const params = url.searchParams;
  /** A date, or a date and time; `endOfDay` reads a bare date as the end of that UTC day. */
  const date = (name: string, endOfDay = false) => {
    const value = params.get(name);
    if (!value) return undefined;
    const parsed = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value)
      ? new Date(value)
      : new Date(Number.NaN);
    if (Number.isNaN(parsed.getTime())) return null;
    // `to` is exclusive, so "to 2026-11-25" would stop at its first instant: a reader
    // means the whole day. Days are UTC, as the trend's are.
    return endOfDay && value.length === 10 ? new Date(parsed.getTime() + 86_400_000) : parsed;
  };
  const from = date('from');
  const to = date('to', true);
  if (from === null || to === null) return { problem: 'from and to must be dates like 2026-11-01' };
  const by = (params.get('by') ?? trendPeriods[0]) as TrendPeriod;
  if (!trendPeriods.includes(by)) {
    return { problem: `by must be one of ${trendPeriods.map((p) => `"${p}"`).join(', ')}` };
  }
  const latest = params.get('latest') ?? '0';
  if (latest !== '0' && latest !== '1') {
    return { problem: 'latest must be 1 (one answer per respondent, the latest) or 0' };
  }
  const comments = Number(params.get('comments') ?? 20);
  if (!Number.isInteger(comments) || comments < 0 || comments > 100) {
    return { problem: 'comments must be a whole number from 0 to 100' };
  }
  const segment = params.get('segment') || undefined;
  if (segment && segment.length > 100) return { problem: 'segment must be at most 100 characters' };
  const surveyId = params.get('surveyId') || undefined;
  if (surveyId && surveyId.length > 200)
    return { problem: 'surveyId must be at most 200 characters' };
  return { surveyId, from, to, by, segment, comments, latest: latest === '1' };
}

interface Parts {
  options: CollectorOptions;
  db: Db;
  replies: Replies;
}

/**
 * The `GET` routes, for the operator only: `…/results` (JSON), `…/export.csv`
 * (streamed) and, on any other path, the results page reading the JSON beside it.
 */
export function createReads({ options, db, replies }: Parts) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const refused = await refuseRead(request, options);
    if (refused) return replies.unauthorized(request, refused);
    const path = url.pathname.replace(/\/+$/, '');
    const api = /\/(results|export\.csv)$/.exec(path);
    if (!api) {
      const page = await resultsPage(path);
      return replies.reply(request, 200, page.body, page.headers);
    }
    const query = parseQuery(url);
    if ('problem' in query) return replies.error(request, 400, query.problem);
    if (api[1] === 'export.csv') {
      return replies.reply(request, 200, exportCsv(db, query), {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="surveylet-responses.csv"',
      });
    }
    return replies.json(request, 200, { surveys: await queryResults(db, query) });
  };
}
