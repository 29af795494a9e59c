import type { SurveyDefinition } from '../survey/types.js';
import type { ReadAccess } from './access.js';
import type { RateLimit } from './rateLimit.js';
import type { Db } from './schema.js';
import type { WebhookOptions } from './webhook.js';

// The collector's options on their own, so the routes (ingest, reads, replies) can read
// them without importing the collector that composes them.

/** Options of `createCollector`. */
export interface CollectorOptions extends ReadAccess {
  /**
   * The database: a PGlite instance or `pg` Pool of your own (you close it), or a
   * function that opens one, called on the first request (the collector closes it).
   * `surveylet/collector/pglite` and `surveylet/collector/postgres` pass it for you.
   */
  db: Db | (() => Db | Promise<Db>);
  /** Origins allowed to post; default: any. */
  allowOrigins?: string[];
  /** Survey ids accepted; default: any. */
  allowSurveys?: string[];
  /** Each survey's type (and CES variant), fixed here instead of by its first answer. */
  surveys?: Pick<SurveyDefinition, 'id' | 'type' | 'variant'>[];
  /** Largest body accepted, in bytes; default 64 KiB. */
  maxBodyBytes?: number;
  /** Requests per client (IP address); default 120 a minute, 60 at once; `false` turns it off. */
  rateLimit?: RateLimit | false;
  /** How many proxies of your own stand in front and set `X-Forwarded-For`; default 0. */
  trustProxy?: number | boolean;
  /** Keep the query and fragment of page URLs (they often hold tokens); default false. */
  keepPageQuery?: boolean;
  /** Delete answers received more than this many days ago (checked at most hourly). */
  retentionDays?: number;
  /**
   * The results page's public URL, e.g. `https://feedback.example.com/`: webhook alerts
   * then link to the answer's item in its inbox (`<pageUrl>#inbox-<responseId>`).
   */
  pageUrl?: string;
  /** Fires for detractors and low CSAT/CES so a team can close the loop the same day. */
  webhook?: WebhookOptions;
  /** Where background errors go (webhook failures, unexpected errors); default: console.warn. */
  onError?: (error: unknown) => void;
  /** The clock. @internal */
  now?: () => number;
}

/** What the server knows about a request beyond the Request itself. */
export interface RequestContext {
  /** The peer's IP address, for the rate limit (the Node adapter fills it in). */
  clientAddress?: string;
}
