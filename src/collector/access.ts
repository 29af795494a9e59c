/** Who may read the results, the CSV export and the results page. */
export interface ReadAccess {
  /**
   * The operator's key: sent as `Authorization: Bearer <token>`, or as the password
   * of HTTP Basic auth (what a browser's own sign-in prompt sends for the results page).
   * Default: the `SURVEYLET_READ_TOKEN` environment variable.
   */
  readToken?: string;
  /** Your own check (a session cookie, an SSO header); `true` lets the request read. */
  authorize?: (request: Request) => boolean | Promise<boolean>;
  /** Anyone may read. Only for a collector nobody else can reach. */
  publicResults?: boolean;
  /** Origins whose pages may read the results from the browser (CORS); default none. */
  readOrigins?: string[];
}

const realm = 'Surveylet results';
const encoder = new TextEncoder();

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/**
 * Compares two secrets in time that does not depend on where they differ: both are
 * hashed to 32 bytes first, so neither the content nor the length leaks.
 */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

/** The token a request presents, from `Bearer` or from Basic auth's password. */
function presented(request: Request): string | null {
  const header = request.headers.get('Authorization') ?? '';
  const [scheme, value = ''] = header.split(/\s+/, 2);
  if (/^bearer$/i.test(scheme ?? '')) return value;
  if (/^basic$/i.test(scheme ?? '')) {
    try {
      const decoded = new TextDecoder().decode(
        Uint8Array.from(atob(value), (c) => c.charCodeAt(0)),
      );
      return decoded.slice(decoded.indexOf(':') + 1);
    } catch {
      return null;
    }
  }
  return null;
}

/** The read token from the options, else from the environment where there is one. */
export function configuredToken(access: ReadAccess): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const token = access.readToken ?? env?.SURVEYLET_READ_TOKEN;
  return token ? token : undefined;
}

/**
 * Decides a read: null when it may go on, else why not. Without a token, an
 * `authorize` hook or `publicResults`, nobody reads: a collector is safe by default.
 */
export async function refuseRead(request: Request, access: ReadAccess): Promise<string | null> {
  if (access.publicResults) return null;
  const token = configuredToken(access);
  if (!token && !access.authorize) {
    return 'reading results needs a read token: start the collector with readToken (or SURVEYLET_READ_TOKEN)';
  }
  const given = presented(request);
  if (token && given !== null && (await sameSecret(given, token))) return null;
  if (access.authorize && (await access.authorize(request))) return null;
  return given === null ? 'sign in with the read token' : 'the read token is not right';
}

/** The challenges of a 401: Basic first, so a browser shows its sign-in prompt. */
export function challenges(): [string, string][] {
  return [
    ['WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`],
    ['WWW-Authenticate', `Bearer realm="${realm}"`],
  ];
}
