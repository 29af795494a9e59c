import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type Site, serveSite } from '../site.js';

const root = join(import.meta.dirname, '..', '..');
const candidates = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The Chromium to test with; fails with how to get one rather than skipping. */
export function chromiumPath(): string {
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found: install one (Debian: apt-get install -y chromium) or set CHROME_PATH to its binary.',
    );
  }
  return found;
}

/** Starts headless Chromium with the flags this sandbox needs and a fresh profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** A page the test site serves: its HTML and extra response headers. */
export interface TestPage {
  html: string;
  headers?: Record<string, string>;
}

/** The shared test site (test/site.ts) with pages a test registers by path. */
export interface TestSite extends Site {
  page(path: string, page: TestPage): void;
}

/** Serves `dist/surveylet.js` and registered pages on 127.0.0.1 with a recording collector. */
export async function startSite(): Promise<TestSite> {
  const pages = new Map<string, TestPage>();
  // Served from node_modules so the pages need no network: host-page CSS and axe-core.
  const vendored: Record<string, [string, string]> = {
    '/bootstrap.css': ['text/css', 'bootstrap/dist/css/bootstrap.min.css'],
    '/preflight.css': ['text/css', 'tailwindcss/preflight.css'],
    '/axe.js': ['text/javascript', 'axe-core/axe.min.js'],
  };
  const site = await serveSite({
    script: join(root, 'dist', 'surveylet.js'),
    pages: () => (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const file = vendored[path];
      if (file) {
        res.writeHead(200, { 'Content-Type': file[0] });
        res.end(readFileSync(join(root, 'node_modules', file[1])));
        return;
      }
      const page = pages.get(path);
      if (!page) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...page.headers });
      res.end(page.html);
    },
  });
  return Object.assign(site, {
    page: (path: string, page: TestPage) => {
      pages.set(path, page);
    },
  });
}

/** Records console errors and uncaught exceptions: the host page must see none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  return errors;
}

/** A plain HTML page around some body markup and head tags. */
export function htmlPage(body: string, head = '', lang = 'en'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host page</title>${head}</head><body>${body}</body></html>`;
}

/** Waits until the script-tag bundle has replaced the command-queue stub. */
export async function widgetLoaded(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (window as unknown as { surveylet?: { loaded?: boolean } }).surveylet?.loaded === true,
  );
}

/** Calls `window.surveylet(verb, ...args)` in the page and returns what it returns. */
export function callWidget<T = unknown>(page: Page, verb: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([v, a]) => (window as unknown as { surveylet(...x: unknown[]): T }).surveylet(v, ...a),
    [verb, args] as [string, unknown[]],
  );
}

/** Waits for the card's appear animation to end, so boxes and colours are final. */
export async function settled(page: Page): Promise<void> {
  await page
    .locator('.card')
    .first()
    .evaluate((card) => Promise.all(card.getAnimations().map((a) => a.finished)));
}

/** WCAG 2.2 A/AA violations axe-core finds on the page, as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  // By content, so it works on any server's page (with a context that bypasses its CSP).
  await page.addScriptTag({
    content: readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'),
  });
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            o: unknown,
          ): Promise<{ violations: { id: string; nodes: { target: unknown }[]; help: string }[] }>;
        };
      }
    ).axe;
    return axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
  });
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`,
  );
}
