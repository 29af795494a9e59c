import { refuseRead } from './access.js';
import { readBody } from './body.js';
import {
  changeFollowUp,
  checkChange,
  type FollowUpStatus,
  followUpStatuses,
  responseIdOf,
} from './followUp.js';
import { type InboxQuery, inboxSummary, maxInboxLimit, queryInbox } from './inbox.js';
import type { CollectorOptions } from './options.js';
import { parseQuery } from './reads.js';
import type { Replies } from './replies.js';
import type { Db } from './schema.js';

/** A change is a status and a name: a few hundred bytes at most. */
const maxChangeBytes = 4096;

/** The query string of `GET …/inbox`, checked; or what is wrong with it. */
export function parseInboxQuery(url: URL): InboxQuery | { problem: string } {
  const base = parseQuery(url);
  if ('problem' in base) return base;
  const params = url.searchParams;
  const status = params.get('status') || undefined;
  if (status !== undefined && !(followUpStatuses as readonly string[]).includes(status)) {
    return { problem: `status must be one of ${followUpStatuses.join(', ')}` };
  }
  const limit = Number(params.get('limit') || 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxInboxLimit) {
    return { problem: `limit must be a whole number from 1 to ${maxInboxLimit}` };
  }
  const id = params.get('responseId');
  const responseId = id ? responseIdOf(`/inbox/${id}`) : undefined;
  if (responseId === null) return { problem: 'responseId must be a UUID' };
  return {
    surveyId: base.surveyId,
    from: base.from,
    to: base.to,
    status: status as FollowUpStatus | undefined,
    responseId,
    limit,
  };
}

/**
 * Why a state-changing request may have been made by another site's page, or null.
 * The browser sends the operator's Basic credentials (or an `authorize` cookie) with
 * any request to this origin, a cross-site form post included; so a change must come
 * as JSON, which no form can send and which another origin may send only after a
 * preflight that only `readOrigins` pass, and browsers that say where a request
 * comes from (Sec-Fetch-Site) must say this origin.
 */
function crossSite(request: Request, options: CollectorOptions): string | null {
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return 'Content-Type must be application/json';
  const site = request.headers.get('Sec-Fetch-Site');
  const origin = request.headers.get('Origin');
  const listed = origin !== null && (options.readOrigins ?? []).includes(origin);
  if (site && site !== 'same-origin' && site !== 'none' && !listed) {
    return 'changes come from the results page itself (or an origin in readOrigins)';
  }
  return null;
}

interface Parts {
  options: CollectorOptions;
  db: Db;
  replies: Replies;
}

/**
 * The follow-up inbox, for the operator only: `GET …/inbox` lists answers to follow up
 * with the team's figures (and the statuses, so the page needs no list of its own),
 * `POST …/inbox/<responseId>` with `{ status, by }` changes one.
 */
export function createInboxRoutes({ options, db, replies }: Parts) {
  const list = async (request: Request, url: URL) => {
    const query = parseInboxQuery(url);
    if ('problem' in query) return replies.error(request, 400, query.problem);
    const [items, summary] = await Promise.all([queryInbox(db, query), inboxSummary(db, query)]);
    return replies.json(request, 200, { items, summary, statuses: followUpStatuses });
  };

  const change = async (request: Request, url: URL) => {
    const guard = crossSite(request, options);
    if (guard) {
      await request.body?.cancel().catch(() => {});
      return replies.error(request, guard.startsWith('Content-Type') ? 415 : 403, guard);
    }
    const responseId = responseIdOf(url.pathname);
    if (!responseId) {
      return replies.error(request, 400, 'the path must end in /inbox/<responseId> (a UUID)');
    }
    const body = await readBody(request, maxChangeBytes);
    if ('tooLarge' in body) {
      return replies.error(request, 413, `body over ${maxChangeBytes} bytes: send { status, by }`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      return replies.error(request, 400, 'body is not valid JSON');
    }
    const checked = checkChange(parsed);
    if ('problem' in checked) return replies.error(request, 422, checked.problem);
    const state = await changeFollowUp(db, responseId, checked);
    if (!state) {
      return replies.error(request, 404, `no answer ${responseId}: deleted, or never stored`);
    }
    return replies.json(request, 200, state);
  };

  return async (request: Request): Promise<Response> => {
    const refused = await refuseRead(request, options);
    if (refused) return replies.unauthorized(request, refused);
    const url = new URL(request.url);
    if (request.method === 'POST') return change(request, url);
    if (/\/inbox\/?$/.test(url.pathname)) return list(request, url);
    return replies.error(request, 405, 'use GET …/inbox, or POST …/inbox/<responseId>', {
      Allow: 'GET, HEAD, POST, OPTIONS',
    });
  };
}
