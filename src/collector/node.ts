import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext } from './collector.js';

/** Anything with the collector's handler. */
export interface Handler {
  handle(request: Request, context?: RequestContext): Promise<Response>;
}

/** Options of `toNodeListener`. */
export interface NodeListenerOptions {
  /**
   * The origin requests are read against, e.g. `https://feedback.example.com`. It is
   * fixed on purpose: the `Host` header is the client's to choose, so it never builds a URL.
   * Default `http://localhost`.
   */
  base?: string;
  /** One line per request (method, path, status, milliseconds); default: none. */
  log?: (line: string) => void;
  /** Where a failure of the adapter itself goes; default: console.warn. */
  onError?: (error: unknown) => void;
}

/**
 * A Node.js request as a Fetch-API Request, its body streamed with backpressure, or
 * null when its target is not a path (`*`, an absolute URL, something unparsable).
 */
export function toRequest(req: IncomingMessage, base: string): Request | null {
  // Express and Connect strip their mount path from req.url; originalUrl keeps it, so
  // the results page finds the API beside it wherever the listener is mounted.
  const target = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
  if (!target.startsWith('/')) return null;
  let url: URL;
  try {
    url = new URL(`${base.replace(/\/+$/, '')}${target}`);
  } catch {
    return null;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    try {
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    } catch {
      // A header value Fetch refuses (control characters) carries nothing we need.
    }
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const body = hasBody
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          req.on('data', (chunk: Buffer) => {
            controller.enqueue(new Uint8Array(chunk));
            if ((controller.desiredSize ?? 0) <= 0) req.pause();
          });
          req.on('end', () => controller.close());
          req.on('error', (error) => controller.error(error));
        },
        pull() {
          req.resume();
        },
        cancel() {
          // The handler has read enough (a body over the limit): stop reading, and let
          // the response close the connection.
          req.pause();
        },
      })
    : undefined;
  return new Request(url, {
    method,
    headers,
    body,
    // @ts-expect-error: Node's fetch needs duplex for a streamed body; the DOM types lack it.
    duplex: hasBody ? 'half' : undefined,
  });
}

/** Writes a Fetch-API Response to Node's response, streaming its body. */
export async function sendResponse(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on('close', () => {
    if (!res.writableFinished) reader.cancel().catch(() => {});
  });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve));
    if (res.destroyed) return;
  }
  res.end();
}

/**
 * The collector as a listener for `node:http`'s `createServer`: a malformed request
 * is a 400, any failure a 500 and a log line, never a crash of the server.
 */
export function toNodeListener(collector: Handler, options: NodeListenerOptions = {}) {
  const base = options.base ?? 'http://localhost';
  const onError = options.onError ?? ((e: unknown) => console.warn('surveylet collector:', e));
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const path = (req.url ?? '').split('?')[0];
    const done = (status: number) =>
      options.log?.(`${req.method} ${path} ${status} ${Math.round(performance.now() - started)}ms`);
    try {
      const request = toRequest(req, base);
      let response: Response;
      if (!request) {
        response = new Response(JSON.stringify({ error: 'the request target must be a path' }), {
          status: 400,
          headers: { 'Content-Type': 'application/json' },
        });
      } else {
        response = await collector.handle(request, { clientAddress: req.socket.remoteAddress });
      }
      if (!req.complete && req.method !== 'GET' && req.method !== 'HEAD') {
        // The body was not read to its end (refused early): do not wait for the rest.
        res.setHeader('Connection', 'close');
      }
      await sendResponse(response, res);
      done(response.status);
    } catch (error) {
      onError(error);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'the collector failed on this request' }));
      } else {
        res.destroy();
      }
      done(500);
    }
  };
}
