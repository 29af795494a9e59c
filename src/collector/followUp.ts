import { cleanText } from './clean.js';
import type { Db } from './schema.js';

/** Where an answer stands in its follow-up, in the order a team moves it. */
export const followUpStatuses = ['new', 'contacted', 'resolved'] as const;
export type FollowUpStatus = (typeof followUpStatuses)[number];

/** What a reader asks for in `POST …/inbox/<responseId>`. */
export interface FollowUpChange {
  status: FollowUpStatus;
  /** The name the reader typed: who changed it. */
  by: string;
}

/** The follow-up state of one answer, as the inbox shows it. */
export interface FollowUp {
  responseId: string;
  status: FollowUpStatus;
  /** Who changed it last and when (server clock); null while nobody has. */
  by: string | null;
  at: string | null;
  /** The first time it left "new" (server clock); kept if it goes back. */
  firstContactAt: string | null;
}

/** The longest name kept for `by`, in characters. */
export const maxNameLength = 100;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `…/inbox` (the list) or `…/inbox/<anything>` (one item): the inbox's own paths. */
export function isInboxPath(pathname: string): boolean {
  return /\/inbox(\/[^/]*)?\/?$/.test(pathname);
}

/** The response id at the end of `…/inbox/<responseId>`, lowercased; null if it is not a UUID. */
export function responseIdOf(pathname: string): string | null {
  const id = /\/inbox\/([^/]*)\/?$/.exec(pathname)?.[1] ?? '';
  return uuid.test(id) ? id.toLowerCase() : null;
}

/** The link to one answer's item on the results page: `<pageUrl>#inbox-<responseId>`. */
export function inboxLink(pageUrl: string, responseId: string): string {
  const page = pageUrl.replace(/#.*$/, '');
  return `${page}#inbox-${encodeURIComponent(responseId)}`;
}

/** Checks `pageUrl` at start, so a bad option fails there and not in an alert. */
export function checkPageUrl(pageUrl: string | undefined): void {
  if (pageUrl === undefined) return;
  let url: URL | null = null;
  try {
    url = new URL(pageUrl);
  } catch {
    // Reported below, with the fix.
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password) {
    throw new TypeError(
      `pageUrl must be the results page's public http(s) URL without credentials, like https://feedback.example.com/ (got "${pageUrl}")`,
    );
  }
}

/** A `POST …/inbox/<id>` body, checked; or what is wrong with it, naming the field. */
export function checkChange(body: unknown): FollowUpChange | { problem: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problem: 'the body must be a JSON object: { "status": "contacted", "by": "Ana" }' };
  }
  const { status, by } = body as Record<string, unknown>;
  if (typeof status !== 'string' || !(followUpStatuses as readonly string[]).includes(status)) {
    return {
      problem: `status must be one of ${followUpStatuses.map((s) => `"${s}"`).join(', ')}`,
    };
  }
  const name = typeof by === 'string' ? cleanText(by).replace(/\s+/g, ' ').trim() : '';
  // Control characters could forge a second line in a log or an export; names have none.
  if (!name || Array.from(name).length > maxNameLength || /\p{Cc}/u.test(name)) {
    return {
      problem: `by must be your name: 1 to ${maxNameLength} characters, no control characters`,
    };
  }
  return { status: status as FollowUpStatus, by: name };
}

const iso = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString();

/**
 * Records a change by the server's clock, and the first contact when the answer leaves
 * "new" for the first time; one statement, so two readers changing the same answer at
 * once both land in the history and the state is the later one. Resolves to the new
 * state, or null when no answer has this id.
 */
export async function changeFollowUp(
  db: Db,
  responseId: string,
  change: FollowUpChange,
): Promise<FollowUp | null> {
  const { rows } = await db.query<{
    status: FollowUpStatus;
    changed_by: string;
    changed_at: Date | string;
    first_contact_at: Date | string | null;
  }>(
    `WITH answer AS (SELECT id FROM surveylet_responses WHERE id = $1::uuid),
     state AS (
       INSERT INTO surveylet_followups AS f (response_id, status, changed_by, changed_at, first_contact_at)
       SELECT id, $2::text, $3::text, now(), CASE WHEN $2::text <> 'new' THEN now() END FROM answer
       ON CONFLICT (response_id) DO UPDATE SET status = EXCLUDED.status,
         changed_by = EXCLUDED.changed_by, changed_at = EXCLUDED.changed_at,
         first_contact_at = COALESCE(f.first_contact_at, EXCLUDED.first_contact_at)
       RETURNING response_id, status, changed_by, changed_at, first_contact_at
     ), logged AS (
       INSERT INTO surveylet_followup_changes (response_id, status, changed_by, changed_at)
       SELECT response_id, status, changed_by, changed_at FROM state
     )
     SELECT status, changed_by, changed_at, first_contact_at FROM state`,
    [responseId, change.status, change.by],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    responseId,
    status: row.status,
    by: row.changed_by,
    at: iso(row.changed_at),
    firstContactAt: iso(row.first_contact_at),
  };
}
