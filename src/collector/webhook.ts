import type { Category, SurveyResponse } from '../survey/types.js';
import { inboxLink } from './followUp.js';
import { createSigner } from './signature.js';

/** A webhook fired for the answers a team wants to follow up the same day. */
export interface WebhookOptions {
  /** Where to POST: http(s), no credentials in it (errors show origin + path only). */
  url: string;
  /** Categories that fire it; default: detractor, dissatisfied, difficult. */
  when?: Category[];
  /** Attempts per message before giving up; default 3. */
  attempts?: number;
  /**
   * Standard Webhooks secret ("whsec_" + base64; the bare base64 is accepted too). When
   * set, every request is signed. Must decode to at least 16 bytes.
   */
  secret?: string;
  /** 'json' (default): Standard Webhooks payload. 'slack': a Slack incoming-webhook body `{ text }`. */
  format?: 'json' | 'slack';
  /** Per-attempt timeout; default 10 000 ms. */
  timeoutMs?: number;
  /** Requests in flight at most; default 4. */
  concurrency?: number;
  /** Messages waiting at most; beyond it new ones are dropped and reported to onError; default 1 000. */
  maxQueue?: number;
}

/** What the webhook talks to; injectable for tests and other runtimes. */
export interface WebhookDeps {
  /** Default: the global `fetch` at creation. */
  fetch?: typeof fetch;
  /** Backoff between attempts; default: a timer. */
  wait?: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
  /** Gets each final failure once, as an Error naming the hook, the response and why. */
  onError?: (error: unknown) => void;
  /** The results page's URL: each message then links to the answer in its inbox. */
  pageUrl?: string;
}

/** One response to deliver; `id` is its `webhook-id`, the same on every retry. */
interface Message {
  response: SurveyResponse;
  id: string;
  body: string;
  done: boolean;
}

/** Why an attempt failed and whether another attempt may succeed. */
type Outcome = { ok: true } | { ok: false; retry: boolean; why: string; waitMs?: number };

const negative: Category[] = ['detractor', 'dissatisfied', 'difficult'];
const maxWaitMs = 60_000;
const types = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const;

function count(value: number | undefined, fallback: number, min: number, name: string) {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min)
    throw new RangeError(`webhook ${name} must be an integer ≥ ${min}`);
  return n;
}

/** Slack reads `&`, `<`, `>` as markup: `<!channel>` pings, `<url|text>` hides a link. */
const slackEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Whitespace folded (no forged second line) and cut by code points (no split emoji). */
function clip(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

/** One readable line, the page on a second, the inbox link last; visitor text escaped. */
function slackText(r: SurveyResponse, inbox: string | null): string {
  const score = r.type === 'nps' ? `${r.score}` : `${r.score}/${r.scale.max}`;
  const category = slackEscape(String(r.category));
  let text = `${types[r.type] ?? 'Score'} ${score} (${category})`;
  text += ` on survey "${slackEscape(clip(r.surveyId, 100))}"`;
  if (r.comment) text += `: “${slackEscape(clip(r.comment, 500))}”`;
  if (r.page?.url) text += `\n${slackEscape(clip(r.page.url, 300))}`;
  if (inbox) text += `\n<${slackEscape(inbox).replace(/\|/g, '%7C')}|Follow up in the inbox>`;
  return text;
}

/** Retry-After in seconds or as an HTTP date, capped so a receiver cannot park us for long. */
function retryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), maxWaitMs) : undefined;
}

/** Rejects when `signal` aborts even if the fetch ignores the signal and hangs. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/**
 * Posts each stored response whose category is in `when` (a detractor fires at once and
 * again when its comment arrives: same id, higher revision). It returns at once and never
 * throws after creation: every undelivered message goes to `onError` exactly once. It
 * throws at creation on invalid options, so a bad config fails at start.
 */
export function createWebhook(options: WebhookOptions, deps: WebhookDeps = {}) {
  const target = new URL(options.url);
  if (!/^https?:$/.test(target.protocol) || target.username || target.password) {
    throw new TypeError('webhook url must be http(s) without credentials');
  }
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'slack') throw new TypeError('webhook format: json or slack');
  // Errors name the hook by origin + path only: a query can hold a token. A Slack hook's
  // path is its token, so only its first segment is shown.
  const where =
    format === 'slack'
      ? `${target.origin}/${target.pathname.split('/')[1] ?? ''}/…`
      : `${target.origin}${target.pathname}`;
  const when = options.when ?? negative;
  const attempts = count(options.attempts, 3, 1, 'attempts');
  const timeoutMs = count(options.timeoutMs, 10_000, 1, 'timeoutMs');
  const concurrency = count(options.concurrency, 4, 1, 'concurrency');
  const maxQueue = count(options.maxQueue, 1000, 0, 'maxQueue');
  const signer = options.secret === undefined ? null : createSigner(options.secret);
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  const now = deps.now ?? Date.now;
  // What the close deadline must cut short: requests in flight and backoff waits. A set,
  // not listeners on one long-lived signal, so nothing piles up over a long run.
  const cancels = new Set<() => void>();
  let halted = false;
  const halt = () => {
    halted = true;
    for (const cancel of cancels) cancel();
    cancels.clear();
  };
  /** Backoff that the close deadline ends early (and whose timer it clears). */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = deps.wait ? undefined : setTimeout(() => done(), ms);
      const done = () => {
        clearTimeout(timer);
        cancels.delete(done);
        resolve();
      };
      cancels.add(done);
      deps.wait?.(ms).then(done, done);
    });

  const report = (error: unknown) => {
    try {
      deps.onError?.(error);
    } catch {
      // A failing error handler must not stop the deliveries behind it.
    }
  };
  const fail = (message: Message, why: string) => {
    if (message.done) return;
    message.done = true;
    const { id, revision } = message.response;
    report(
      new Error(`webhook ${where}: response ${id} (revision ${revision}) not delivered: ${why}`),
    );
  };

  const queue: Message[] = [];
  const active = new Set<Message>();
  const idle: (() => void)[] = [];
  let closed = false;
  let ignored = false;
  let closing: Promise<void> | undefined;

  const attempt = async (message: Message): Promise<Outcome> => {
    const timestamp = Math.floor(now() / 1000);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'webhook-id': message.id,
      'webhook-timestamp': String(timestamp),
    };
    if (signer)
      headers['webhook-signature'] = await signer.sign(message.id, timestamp, message.body);
    if (halted) return { ok: false, retry: false, why: 'closed' };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
    const cancel = () => controller.abort(new Error('closed'));
    cancels.add(cancel);
    try {
      const reply = await raceAbort(
        fetchImpl(options.url, {
          method: 'POST',
          headers,
          body: message.body,
          redirect: 'manual',
          signal: controller.signal,
        }),
        controller.signal,
      );
      // The body is never read; cancelling it frees the connection.
      reply.body?.cancel().catch(() => {});
      const status = reply.status;
      if (status >= 200 && status < 300) return { ok: true };
      // A redirect could carry personal data to a host nobody configured.
      if (reply.type === 'opaqueredirect' || status === 0 || (status >= 300 && status < 400)) {
        return {
          ok: false,
          retry: false,
          why: `answered ${status || 'a redirect'}; redirects are not followed`,
        };
      }
      const retry = status === 408 || status === 429 || (status >= 500 && status < 600);
      const waitMs =
        status === 429 || status === 503
          ? retryAfter(reply.headers.get('Retry-After'), now())
          : undefined;
      return { ok: false, retry, why: `answered ${status}`, waitMs };
    } catch (error) {
      if (halted) return { ok: false, retry: false, why: 'closed' };
      if (controller.signal.aborted)
        return { ok: false, retry: true, why: `timed out after ${timeoutMs} ms` };
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, retry: true, why: `network error (${detail})` };
    } finally {
      clearTimeout(timer);
      cancels.delete(cancel);
    }
  };

  const deliver = async (message: Message) => {
    for (let n = 1; ; n++) {
      let outcome: Outcome;
      try {
        outcome = await attempt(message);
      } catch (error) {
        outcome = { ok: false, retry: false, why: `could not send (${String(error)})` };
      }
      if (outcome.ok) {
        message.done = true;
        return;
      }
      // After the close deadline the message was already reported.
      if (halted) return;
      if (!outcome.retry || n >= attempts) {
        return fail(message, n === 1 ? outcome.why : `${outcome.why}; gave up after ${n} attempts`);
      }
      const backoff = outcome.waitMs ?? Math.min(1000 * 2 ** (n - 1), maxWaitMs);
      await sleep(backoff);
      if (halted) return;
    }
  };

  // Each slot runs one message at a time, backoff included, so fetches ≤ concurrency.
  const pump = () => {
    while (active.size < concurrency && queue.length > 0) {
      const message = queue.shift() as Message;
      active.add(message);
      void deliver(message).finally(() => {
        active.delete(message);
        pump();
        if (active.size === 0 && queue.length === 0) for (const done of idle.splice(0)) done();
      });
    }
  };

  const enqueue = (response: SurveyResponse) => {
    const id = `${response.id}.${response.revision}`;
    if (queue.length >= maxQueue) {
      return report(
        new Error(
          `webhook queue full (${maxQueue}); dropped response ${response.id} (revision ${response.revision}) for ${where}`,
        ),
      );
    }
    const message: Message = { response, id, body: '', done: false };
    try {
      const inbox = deps.pageUrl ? inboxLink(deps.pageUrl, response.id) : null;
      const payload =
        format === 'slack'
          ? { text: slackText(response, inbox) }
          : {
              type: 'response.stored',
              timestamp: new Date(now()).toISOString(),
              data: response,
              ...(inbox ? { inboxUrl: inbox } : {}),
            };
      message.body = JSON.stringify(payload);
    } catch (error) {
      return fail(message, `could not encode it (${String(error)})`);
    }
    queue.push(message);
    // Free slots take it at once, so the bound counts only what really waits.
    pump();
  };

  return {
    /** Queues the matching responses of a stored batch; returns at once, never throws. */
    notify(responses: SurveyResponse[]): void {
      try {
        const matching = responses.filter((response) => when.includes(response?.category));
        if (closed) {
          // Reported once, not per call: a shutdown must not flood the error channel.
          if (matching.length > 0 && !ignored) {
            ignored = true;
            report(
              new Error(
                `webhook ${where}: notify after close ignored (${matching.length} response(s))`,
              ),
            );
          }
          return;
        }
        for (const response of matching) {
          try {
            enqueue(response);
          } catch (error) {
            report(error);
          }
        }
      } catch (error) {
        report(error);
      }
    },
    /**
     * Waits for queued and in-flight messages up to `deadlineMs` (default 10 000), then
     * aborts what is left and reports each undelivered message once.
     */
    close(deadlineMs = 10_000): Promise<void> {
      closed = true;
      closing ??= (async () => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const drained = new Promise<void>((resolve) => {
          if (active.size === 0 && queue.length === 0) resolve();
          else idle.push(resolve);
        });
        const late = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, deadlineMs);
        });
        await Promise.race([drained, late]);
        clearTimeout(timer);
        if (active.size === 0 && queue.length === 0) return;
        halt();
        for (const message of [...active, ...queue.splice(0)]) {
          fail(message, `close deadline of ${deadlineMs} ms passed`);
        }
      })();
      return closing;
    },
  };
}
