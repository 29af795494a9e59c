import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resultsPage } from '../../src/collector/page/page.js';

// The results page ships inside the package and runs under a CSP with no 'unsafe-inline':
// the hashes in that policy must be those of the exact inline texts, and nothing on the
// page may need inline handlers or style attributes.

/** The text inside every `<tag>…</tag>` of the page. */
function inline(html: string, tag: 'script' | 'style'): string[] {
  return [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(
    (m) => m[1] as string,
  );
}

const sha256 = (text: string) =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The page's markup without the contents of its script and style elements. */
const markup = (html: string) =>
  html.replace(/<script>[\s\S]*?<\/script>/g, '').replace(/<style>[\s\S]*?<\/style>/g, '');

describe('resultsPage', () => {
  it('answers with one HTML document and the headers to serve it with', async () => {
    const { body, headers } = await resultsPage('/collect');
    expect(body.startsWith('<!doctype html>')).toBe(true);
    expect(headers).toMatchObject({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    // No slot of the template is left unfilled, and nothing is loaded from elsewhere.
    expect(body).not.toMatch(/\{\{\w+\}\}/);
    expect(markup(body)).not.toMatch(/<script[^>]*\ssrc=|<link[^>]*stylesheet/i);
  });

  it('pins the inline script and style by their SHA-256 in a strict CSP', async () => {
    const { body, headers } = await resultsPage('/collect');
    const scripts = inline(body, 'script');
    const styles = inline(body, 'style');
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    const [script, style] = [scripts[0] as string, styles[0] as string];
    expect(script).toContain('surveyletCharts');
    expect(style).toContain('prefers-color-scheme: dark');
    expect(headers['Content-Security-Policy']).toBe(
      [
        "default-src 'none'",
        `script-src ${sha256(script)}`,
        `style-src ${sha256(style)}`,
        "connect-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
  });

  it('passes the API path in data-api on <main>, never in the script', async () => {
    const a = await resultsPage('/collect');
    const b = await resultsPage('/api/surveys');
    expect(a.body).toMatch(/<main [^>]*data-api="\/collect"/);
    expect(b.body).toMatch(/<main [^>]*data-api="\/api\/surveys"/);
    expect(inline(a.body, 'script')).toEqual(inline(b.body, 'script'));
    expect(a.headers['Content-Security-Policy']).toBe(b.headers['Content-Security-Policy']);
  });

  it('escapes a hostile API path so it stays one attribute value', async () => {
    const hostile = `/x"><script>alert(1)</script><b a='&'`;
    const { body } = await resultsPage(hostile);
    expect(body).toContain(
      'data-api="/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b a=&#39;&amp;&#39;"',
    );
    expect(inline(body, 'script')).toHaveLength(1);
    expect(body).not.toContain('alert(1)</script>');
    // `$&` means something to String.replace; the path must be taken as plain text.
    expect((await resultsPage('/a$&b')).body).toContain('data-api="/a$&amp;b"');
  });

  it('has no inline event handlers or style attributes, and the script sets none', async () => {
    const { body } = await resultsPage('/collect');
    const html = markup(body);
    expect(html).toMatch(/<main /); // the stripping left the markup
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    const script = inline(body, 'script')[0] as string;
    // What the CSP would block, or what would let comment text become markup.
    expect(script).not.toMatch(/\.style\b|['"]style['"]|\.on[a-z]+\s*=|innerHTML|outerHTML/);
    expect(script).not.toMatch(/insertAdjacentHTML|document\.write|\beval\(|new Function/);
    expect(script).toContain('textContent');
  });
});
