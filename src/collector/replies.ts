import { challenges, type ReadAccess } from './access.js';
import { isInboxPath } from './followUp.js';

type Headers = Record<string, string>;

/**
 * The collector's answers, with CORS decided per kind: ingest may be posted from any
 * page the operator allows (no credentials, so `*` is safe), but reads grant an origin
 * only when `readOrigins` names it.
 */
export function createReplies(options: { allowOrigins?: string[] } & ReadAccess) {
  const ingestCors = (request: Request): Headers => {
    const origin = request.headers.get('Origin');
    if (!origin) return {};
    if (!options.allowOrigins) return { 'Access-Control-Allow-Origin': '*' };
    return options.allowOrigins.includes(origin)
      ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' }
      : { Vary: 'Origin' };
  };
  const readCors = (request: Request): Headers => {
    const origin = request.headers.get('Origin');
    if (!origin || !options.readOrigins?.includes(origin)) return { Vary: 'Origin' };
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      Vary: 'Origin',
    };
  };
  // The inbox is the operator's, whatever the method: its changes get the reads' CORS.
  const operator = (request: Request, method = request.method) =>
    method === 'GET' || method === 'HEAD' || isInboxPath(new URL(request.url).pathname);
  const cors = (request: Request) => (operator(request) ? readCors(request) : ingestCors(request));

  const reply = (
    request: Request,
    status: number,
    body: BodyInit | null,
    headers: Headers | [string, string][] = {},
  ) => {
    const all = new Headers(cors(request));
    all.set('X-Content-Type-Options', 'nosniff');
    all.set('Cache-Control', 'no-store');
    // A list may repeat a name (two WWW-Authenticate challenges); a record replaces.
    if (Array.isArray(headers)) for (const [name, value] of headers) all.append(name, value);
    else for (const [name, value] of Object.entries(headers)) all.set(name, value);
    return new Response(request.method === 'HEAD' ? null : body, { status, headers: all });
  };

  return {
    ingestCors,
    reply,
    /** A JSON body with the status. */
    json(request: Request, status: number, body: unknown, headers: Headers = {}) {
      return reply(request, status, JSON.stringify(body), {
        'Content-Type': 'application/json',
        ...headers,
      });
    },
    /** `{ error }` saying what is wrong and how to fix it. */
    error(request: Request, status: number, message: string, headers: Headers = {}) {
      return reply(request, status, JSON.stringify({ error: message }), {
        'Content-Type': 'application/json',
        ...headers,
      });
    },
    /** 401 with the challenges that make a browser ask for the read token. */
    unauthorized(request: Request, message: string) {
      return reply(request, 401, JSON.stringify({ error: message }), [
        ['Content-Type', 'application/json'],
        ...challenges(),
      ]);
    },
    /** CORS preflight: ingest with opted-in headers, or a read from a listed origin. */
    preflight(request: Request) {
      const origin = request.headers.get('Origin');
      const method = request.headers.get('Access-Control-Request-Method') ?? 'POST';
      const granted = operator(request, method) ? readCors(request) : ingestCors(request);
      return new Response(null, {
        status: 204,
        headers: {
          ...granted,
          ...(origin && granted['Access-Control-Allow-Origin']
            ? {
                'Access-Control-Allow-Methods': 'POST, GET, HEAD, OPTIONS',
                'Access-Control-Allow-Headers':
                  request.headers.get('Access-Control-Request-Headers') ?? 'Content-Type',
                'Access-Control-Max-Age': '86400',
              }
            : {}),
        },
      });
    },
  };
}

/** The helpers every route answers with. */
export type Replies = ReturnType<typeof createReplies>;
