// vite.config.ts emits the package's .d.ts files from its entries alone, not from
// tsconfig's `include`: this reference makes that build see the `?raw` module type too.
/// <reference path="./raw.d.ts" />
import charts from './charts.client.js?raw';
import funnel from './funnel.client.js?raw';
import inbox from './inbox.client.js?raw';
import numbers from './numbers.client.js?raw';
import client from './results.client.js?raw';
import template from './results.html?raw';
import view from './view.client.js?raw';

/** An HTML page ready to send: its text and the headers that go with it. */
export interface ServedPage {
  body: string;
  headers: Record<string, string>;
}

// The stylesheet lives in the template (vitest would blank a `.css?raw` import); its
// exact text between the tags is what the CSP hash must cover.
const style = /<style>([\s\S]*?)<\/style>/.exec(template)?.[1] ?? '';

// The client files share one function scope: charts and view declare the names that
// results.client.js uses, and none of them becomes a global of the page.
const script = `(() => {\n'use strict';\n${charts}\n${numbers}\n${funnel}\n${view}\n${inbox}\n${client}\n})();\n`;

/** Characters that would end an attribute value or start markup inside one. */
const attributeEscapes: Record<string, string> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&#39;',
  '<': '&lt;',
  '>': '&gt;',
};

/** Text made safe inside a double-quoted HTML attribute. */
function escapeAttribute(text: string): string {
  return text.replace(/[&"'<>]/g, (c) => attributeEscapes[c] ?? c);
}

/**
 * The template with its one `marker` replaced. Split and join rather than
 * `String.replace`, which would read `$&` and the like in the value as patterns.
 */
function fill(html: string, marker: string, value: string): string {
  const parts = html.split(marker);
  if (parts.length !== 2) throw new Error(`results.html must hold ${marker} exactly once`);
  return parts.join(value);
}

/** The CSP source for an inline element's exact text: `'sha256-<base64>'`. */
async function hashSource(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let binary = '';
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return `'sha256-${btoa(binary)}'`;
}

/**
 * The inline texts end their elements only where the template does; a stray closing
 * tag would cut them short (and the hash would no longer match what runs).
 */
function checkInline(): void {
  if (/<\/script|<!--/i.test(script)) throw new Error('the results script may not hold </script');
  if (!style.trim() || template.split(/<style/i).length !== 2) {
    throw new Error('results.html must hold exactly one <style> element');
  }
}

/** The policy: only this script and this style, data from the page's own origin. */
async function policy(): Promise<string> {
  const [scriptHash, styleHash] = await Promise.all([hashSource(script), hashSource(style)]);
  return [
    "default-src 'none'",
    `script-src ${scriptHash}`,
    `style-src ${styleHash}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

let csp: Promise<string> | undefined;
const bodies = new Map<string, string>();

/**
 * The results page as one HTML document with its script and style inline, and the
 * headers to serve it with. `apiPath` is where the collector answers (e.g. `/collect`):
 * the page reads `${apiPath}/results` and links `${apiPath}/export.csv`.
 */
export async function resultsPage(apiPath: string): Promise<ServedPage> {
  checkInline();
  // The script and style never change, so neither does the policy.
  csp ??= policy();
  let body = bodies.get(apiPath);
  if (body === undefined) {
    // The API path goes in last, so nothing in it can be taken for a marker.
    body = fill(template, '/* {{script}} */', script);
    body = fill(body, '{{api}}', escapeAttribute(apiPath));
    // A server sees few API paths; the bound only guards against one fed arbitrary input.
    if (bodies.size < 32) bodies.set(apiPath, body);
  }
  return {
    body,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': await csp,
    },
  };
}
