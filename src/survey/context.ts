// The context a response or an event may carry, and the events a widget reports: the
// allowed values and size limits of protocol v1, in one place. The widget fills these
// in; the collector checks them against the same lists; protocol.schema.json repeats
// them for endpoints written in other languages (test/survey/protocol.test.ts keeps the
// two equal).

/** Device classes, from the viewport and the pointer the widget sees. */
export const deviceClasses = ['mobile', 'tablet', 'desktop'] as const;

/**
 * Viewport width buckets in CSS pixels, narrowest first: a bucket, not the width, so
 * the value cannot single a visitor out. `below` is the first width of the next one.
 */
export const viewportBuckets = [
  { name: '<480', below: 480 },
  { name: '480-767', below: 768 },
  { name: '768-1023', below: 1024 },
  { name: '1024-1439', below: 1440 },
  { name: '>=1440', below: Number.POSITIVE_INFINITY },
] as const;

export type ViewportBucket = (typeof viewportBuckets)[number]['name'];

/** The bucket of a viewport `width` in CSS pixels. */
export function viewportBucket(width: number): ViewportBucket {
  // NaN is below no bound: it reads as the widest, as an unknown screen would.
  return (viewportBuckets.find((b) => width < b.below) ?? viewportBuckets[4]).name;
}

/** The UTM parameters of the page's address, without their `utm_` prefix. */
export const utmKeys = ['source', 'medium', 'campaign', 'term', 'content'] as const;

/**
 * How much context one record may carry. A longer string is cut to its limit, a
 * `hidden` field past the count or with a longer key is left out: context describes an
 * answer, so an oversized part of it never costs the answer itself.
 */
export const contextLimits = {
  /** A page path, as long as a URL may be. */
  path: 2_048,
  /** The referrer's origin, a UTM value, a language tag, a time zone. */
  text: 200,
  /** Fields from config, `data-*` or identify(): a handful, short. */
  hiddenKeys: 10,
  hiddenKeyLength: 50,
  hiddenValueLength: 200,
} as const;

/** The context of a response or an event; every field optional. */
export interface ResponseContext {
  /** The page's path, without query and fragment unless the host keeps them. */
  path?: string;
  /** `https://www.example.com`: the origin of `document.referrer`, never its path. */
  referrerOrigin?: string;
  utm?: Partial<Record<(typeof utmKeys)[number], string>>;
  device?: (typeof deviceClasses)[number];
  viewport?: ViewportBucket;
  /** The browser's preferred language (`navigator.language`), not the survey's. */
  language?: string;
  /** IANA name, e.g. `Europe/Berlin`. */
  timeZone?: string;
  /** Fields the host passes: config `hidden`, `data-hidden-*` or identify(). */
  hidden?: Record<string, string>;
}

/** What happened to a showing of a survey. */
export const eventKinds = ['shown', 'dismissed'] as const;
export type EventKind = (typeof eventKinds)[number];

/** Where a dismissal happened: before a score, or at the comment after one. */
export const dismissSteps = ['score', 'followUp'] as const;
export type DismissStep = (typeof dismissSteps)[number];
