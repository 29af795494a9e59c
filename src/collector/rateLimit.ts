/** Requests a client may make: `perMinute` on average, `burst` at once. */
export interface RateLimit {
  perMinute: number;
  burst?: number;
}

/** Generous for a person, tight for a script: a visitor sends a few requests per answer. */
export const defaultRateLimit: Required<RateLimit> = { perMinute: 120, burst: 60 };

/** Clients remembered at most; beyond it, full buckets (idle clients) are forgotten first. */
const maxClients = 50_000;

/**
 * A token bucket per client key, in this process's memory: each instance behind a
 * load balancer limits on its own, which bounds abuse without shared state.
 * `take` answers 0 when the request may go on, else the seconds to wait.
 */
export function createRateLimiter(limit: RateLimit, now: () => number = Date.now) {
  const burst = Math.max(1, limit.burst ?? Math.min(limit.perMinute, defaultRateLimit.burst));
  const perMs = limit.perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const forgetIdle = (t: number) => {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (t - bucket.at) * perMs >= burst) buckets.delete(key);
    }
    // Still full of busy clients: drop the oldest entries rather than grow without bound.
    for (const key of buckets.keys()) {
      if (buckets.size < maxClients) break;
      buckets.delete(key);
    }
  };

  return {
    take(key: string): number {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxClients) forgetIdle(t);
        bucket = { tokens: burst, at: t };
        buckets.set(key, bucket);
      }
      bucket.tokens = Math.min(burst, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    },
  };
}

/**
 * The client's address: the socket's peer, or, behind `trustProxy` proxies of your
 * own, the address the outermost of them saw in `X-Forwarded-For`. Never trust the
 * header without a proxy that sets it: anyone can send one.
 */
export function clientKey(
  request: Request,
  clientAddress: string | undefined,
  trustProxy: number,
): string | undefined {
  if (trustProxy > 0) {
    const hops = (request.headers.get('X-Forwarded-For') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    const seen = hops[hops.length - trustProxy];
    if (seen) return seen;
  }
  return clientAddress;
}
