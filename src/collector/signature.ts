/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/): HMAC-SHA256 over
 * `${id}.${timestamp}.${body}`, sent as `webhook-signature: v1,<base64>`.
 *
 * Web Crypto only (`globalThis.crypto.subtle`, `atob`, `btoa`), so the same code signs on
 * Node, Deno, Bun and Workers.
 */

const prefix = 'whsec_';
/** Shortest key accepted: 128 bits. The standard generates 24–64 bytes. */
const minKeyBytes = 16;
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const encoder = new TextEncoder();

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (!base64.test(text)) return null;
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Decodes a secret: `whsec_` + base64 (the standard's form), or the bare base64 alone (as
 * some providers print it). Throws on anything else, or a key under 16 bytes, so a typo
 * in a config fails at start instead of sending requests nobody can verify.
 */
function decodeSecret(secret: string): Uint8Array<ArrayBuffer> {
  const text = secret.startsWith(prefix) ? secret.slice(prefix.length) : secret;
  const key = fromBase64(text);
  if (!key || key.length < minKeyBytes) {
    throw new TypeError(
      `webhook secret must be "whsec_" + base64 of at least ${minKeyBytes} bytes`,
    );
  }
  return key;
}

/** A signer bound to one secret: checks the secret now (throws) and imports the key once. */
export function createSigner(secret: string) {
  const raw = decodeSecret(secret);
  let key: Promise<CryptoKey> | undefined;
  const hmac = async (id: string, timestamp: number, body: string) => {
    key ??= crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = await crypto.subtle.sign(
      'HMAC',
      await key,
      encoder.encode(`${id}.${timestamp}.${body}`),
    );
    return new Uint8Array(mac);
  };
  return {
    hmac,
    /** `v1,<base64 HMAC>` for one attempt. */
    sign: async (id: string, timestamp: number, body: string) =>
      `v1,${toBase64(await hmac(id, timestamp, body))}`,
  };
}

/** Signs one request: `v1,<base64 HMAC-SHA256>`; `timestamp` in unix seconds. */
export async function signWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): Promise<string> {
  return createSigner(secret).sign(id, timestamp, body);
}

/** Equal bytes, in time that depends on the length only (the length is not secret). */
function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Fetch `Headers`, or a plain record such as Node's `req.headers`. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name);
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return null;
}

/**
 * Checks a request's Standard Webhooks headers against the exact raw `body`: true when one
 * of the space-separated `v1,` signatures matches and `webhook-timestamp` is within
 * `toleranceSeconds` (default 300) of `now()` (milliseconds, default `Date.now`). Returns
 * false, never throws, on anything malformed, including a bad secret.
 */
export async function verifyWebhook(
  secret: string,
  headers: HeaderSource,
  body: string,
  options: { toleranceSeconds?: number; now?: () => number } = {},
): Promise<boolean> {
  try {
    const id = header(headers, 'webhook-id');
    const stamp = header(headers, 'webhook-timestamp');
    const signatures = header(headers, 'webhook-signature');
    if (!id || !stamp || !signatures || typeof body !== 'string') return false;
    // Digits only: a signed "1.5" or "1e9" must not read as another time.
    if (!/^\d{1,12}$/.test(stamp)) return false;
    const timestamp = Number(stamp);
    const now = Math.floor((options.now ?? Date.now)() / 1000);
    const tolerance = options.toleranceSeconds ?? 300;
    if (!(Math.abs(now - timestamp) <= tolerance)) return false;
    const expected = await createSigner(secret).hmac(id, timestamp, body);
    let valid = false;
    // Check every entry (no early exit) so the time does not tell which one matched.
    for (const entry of signatures.split(' ').slice(0, 16)) {
      const comma = entry.indexOf(',');
      if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
      const candidate = fromBase64(entry.slice(comma + 1));
      if (candidate && same(candidate, expected)) valid = true;
    }
    return valid;
  } catch {
    return false;
  }
}
