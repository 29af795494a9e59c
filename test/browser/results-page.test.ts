import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resultsPage } from '../../src/collector/page/page.js';
import { axeViolations, launchChromium, watchErrors } from './harness.js';

// The collector's results page as the package serves it: its own strict CSP, data from
// a stand-in `/collect/results`, hostile comments, and people reading it with a keyboard,
// a screen reader, a phone or dark mode.

// Screenshots of each audited state, for people to look at.
const screens = join(import.meta.dirname, '..', '..', 'test-results', 'screens');
mkdirSync(screens, { recursive: true });

const hostile = '<img src=x onerror=alert(1)>';
const surveys = [
  {
    surveyId: 'nps',
    type: 'nps',
    variant: null,
    scale: { min: 0, max: 10 },
    count: 120,
    metric: { name: 'nps', value: 31.6, n: 120, low: 20.1, high: 43.0 },
    categories: { promoter: 60, passive: 38, detractor: 22 },
    distribution: { 0: 1, 2: 3, 3: 4, 5: 6, 6: 8, 7: 18, 8: 20, 9: 30, 10: 30 },
    trend: [
      { period: '2026-11-18', count: 40, value: 25.0 },
      { period: '2026-11-19', count: 0, value: null },
      { period: '2026-11-20', count: 80, value: 35.0 },
    ],
    segments: [],
    comments: [
      { score: 3, category: 'detractor', comment: hostile, receivedAt: '2026-11-20T10:00:00.000Z' },
      { score: 9, category: 'promoter', comment: '</script><b>bold</b>', receivedAt: 'soon' },
    ],
  },
  {
    surveyId: '<b>checkout</b>',
    type: 'csat',
    variant: null,
    scale: { min: 1, max: 5 },
    count: 12,
    metric: { name: 'csat', value: 83.3, n: 12, low: 55.2, high: 95.3 },
    categories: { satisfied: 10, neutral: 1, dissatisfied: 1 },
    distribution: { 1: 1, 3: 1, 4: 4, 5: 6 },
    trend: [{ period: '2026-11-16', count: 12, value: 83.3 }],
    segments: [
      { segment: 'pro', count: 8, value: 87.5 },
      { segment: '(none)', count: 4, value: 75 },
    ],
    comments: [],
  },
  {
    surveyId: 'support',
    type: 'ces',
    variant: 'effort',
    count: 40,
    metric: { name: 'ces', value: 2.4, n: 40, low: 2.1, high: 2.7 },
    categories: { easy: 25, neutral: 10, difficult: 5 },
    distribution: { 1: 10, 2: 15, 3: 10, 4: 3, 5: 2 },
    trend: [],
  },
];

const emptyInbox = {
  items: [],
  statuses: ['new', 'contacted', 'resolved'],
  summary: {
    contacted: 0,
    medianFirstContactMs: null,
    lowNotContacted: 0,
    lowContactedWithinDay: { contacted: 0, of: 0, share: null },
  },
};

/** What `/collect/results` answers next: a status and a JSON body. */
let reply: { status: number; body: unknown };
/** When set, `/collect/results` wants HTTP Basic auth with this password, as the collector will. */
let token: string | undefined;
const queries: string[] = [];
let server: Server;
let url: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let violations: string[];
let dialogs: string[];

beforeAll(async () => {
  const axe = readFileSync(
    join(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'),
  );
  server = createServer(async (req, res) => {
    const { pathname, search } = new URL(req.url ?? '/', 'http://x');
    if (pathname === '/') {
      const { body, headers } = await resultsPage('/collect');
      res.writeHead(200, headers).end(body);
    } else if (pathname === '/collect/results') {
      queries.push(search);
      const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
      const password = Buffer.from(encoded ?? '', 'base64')
        .toString()
        .split(':')[1];
      if (token !== undefined && (scheme !== 'Basic' || password !== token)) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Surveylet results"' });
        res.end(JSON.stringify({ error: 'the read token is required' }));
        return;
      }
      res.writeHead(reply.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    } else if (pathname === '/collect/inbox') {
      // The inbox has a test of its own against a real collector (inbox-page.test.ts).
      res.writeHead(reply.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply.status === 200 ? emptyInbox : reply.body));
    } else if (pathname === '/axe.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(axe);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});
beforeEach(() => {
  reply = { status: 200, body: { surveys: structuredClone(surveys) } };
  token = undefined;
  queries.length = 0;
});
afterEach(async () => {
  await context?.close();
});

/** Opens the page in a fresh profile, recording errors, CSP violations and dialogs. */
async function open(options: Parameters<Browser['newContext']>[0] = {}) {
  context = await browser.newContext(options);
  page = await context.newPage();
  errors = watchErrors(page);
  violations = [];
  dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation(v: string): void }).reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    ),
  );
  await page.goto(url);
}

const status = () => page.getByRole('status').textContent();
const section = (name: string) => page.getByRole('region', { name });
/** The body rows of a table, cell by cell. */
const rows = (table: ReturnType<Page['locator']>) =>
  table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));

describe('the results page', () => {
  it('draws every survey as charts, text and tables under its strict CSP', async () => {
    await open();
    await expect.poll(status).toBe('Results loaded: 3 surveys, 172 responses.');
    expect(await page.locator('.metric').allTextContents()).toEqual([
      'NPS 32',
      'CSAT 83%',
      'CES 2.40 (lower is better)',
    ]);
    const nps = section('nps');
    expect(await nps.locator('.headline').textContent()).toBe(
      'NPS 32 95% interval 20 to 43 · 120 responses',
    );
    expect(await section('<b>checkout</b>').locator('.headline span').nth(1).textContent()).toBe(
      '95% interval 55% to 95% · wide: only 12 answers · 12 responses',
    );
    // Categories worst first, each with its count and share, in the chart and the table.
    const chart = nps.getByRole('img', { name: /^Categories:/ });
    expect(await chart.getAttribute('aria-label')).toBe(
      'Categories: detractor 22 (18%), passive 38 (32%), promoter 60 (50%)',
    );
    expect(await chart.locator('text').allTextContents()).toContain('60 (50%)');
    expect(await rows(nps.getByRole('table', { name: 'Categories', includeHidden: true }))).toEqual(
      [
        ['detractor', '22', '18%'],
        ['passive', '38', '32%'],
        ['promoter', '60', '50%'],
      ],
    );
    expect(await nps.getByRole('img', { name: /^Trend/ }).getAttribute('aria-label')).toBe(
      'Trend of NPS over 3 periods: 25 on 2026-11-18, 35 on 2026-11-20; lowest 25, highest 35',
    );
    // Every score of the scale has a bar, zeros included.
    expect(await nps.locator('.chart').nth(1).locator('rect').count()).toBe(11);
    expect(
      await rows(nps.getByRole('table', { name: 'Trend (NPS)', includeHidden: true })),
    ).toEqual([
      ['2026-11-18', '40', '25'],
      ['2026-11-19', '0', '–'],
      ['2026-11-20', '80', '35'],
    ]);
    expect(await rows(page.getByRole('table', { name: 'By segment' }))).toEqual([
      ['pro', '8', '88%'],
      ['(none)', '4', '75%'],
    ]);
    // Visitors' text stays text: no element, no script, no dialog.
    expect(await page.getByText(hostile, { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('</script><b>bold</b>', { exact: true }).isVisible()).toBe(true);
    expect(await page.locator('img, b').count()).toBe(0);
    expect(await page.getByRole('heading', { name: '<b>checkout</b>' }).count()).toBe(1);
    expect(dialogs).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('applies filters to the request, the address and the Export CSV link', async () => {
    await open();
    await expect.poll(status).toMatch(/^Results loaded/);
    expect(queries).toEqual(['?by=day']);
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(
      '/collect/export.csv?by=day',
    );
    await page.getByLabel('Trend by').selectOption('week');
    await page.getByLabel('Break down by').selectOption('plan');
    await page.getByLabel('From', { exact: true }).fill('2026-11-01');
    await expect.poll(() => queries.at(-1)).toBe('?from=2026-11-01&by=week&segment=plan');
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(
      '/collect/export.csv?from=2026-11-01&by=week&segment=plan',
    );
    await expect.poll(() => page.getByRole('table', { name: 'By plan' }).count()).toBe(1);
    // A reload (to sign in, say) keeps the filters.
    await page.reload();
    expect(await page.getByLabel('Trend by').inputValue()).toBe('week');
    await expect.poll(() => queries.at(-1)).toBe('?from=2026-11-01&by=week&segment=plan');
    expect(errors).toEqual([]);
  });

  it('refreshes by itself, keeping an open table open and the keyboard focus in place', async () => {
    await open();
    const summary = section('nps').getByText('Categories as a table');
    await summary.focus();
    await page.keyboard.press('Enter');
    const table = section('nps').getByRole('table', { name: 'Categories', includeHidden: true });
    expect(await table.isVisible()).toBe(true);
    const categories = { promoter: 61, passive: 38, detractor: 22 };
    const nps = { ...surveys[0], count: 121, categories };
    reply = { status: 200, body: { surveys: [nps, ...surveys.slice(1)] } };
    // The page asks again within five seconds.
    await expect
      .poll(() => section('nps').locator('.headline').textContent(), { timeout: 10_000 })
      .toContain('121 responses');
    expect(await table.isVisible()).toBe(true);
    expect(await rows(table)).toContainEqual(['promoter', '61', '50%']);
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('says "No answers yet." when there are none', async () => {
    reply = { status: 200, body: { surveys: [] } };
    await open();
    await expect.poll(status).toBe('Results loaded: no answers yet.');
    expect(await page.locator('#surveys').textContent()).toBe('No answers yet.');
    expect(errors).toEqual([]);
  });

  it('asks for the read token on 401 and takes the results off screen', async () => {
    await open();
    await expect.poll(status).toMatch(/^Results loaded/);
    reply = { status: 401, body: { error: 'read token required' } };
    await expect
      .poll(status, { timeout: 10_000 })
      .toBe(
        "This page needs the collector's read token: reload and sign in (user name: anything, password: the token).",
      );
    expect(await page.locator('.survey').count()).toBe(0);
  });

  it("signs in with the browser's own HTTP Basic auth, the token as password", async () => {
    token = 's3cret';
    await open({ httpCredentials: { username: 'anyone', password: 's3cret' } });
    await expect.poll(status).toBe('Results loaded: 3 surveys, 172 responses.');
    await context.close();
    await open({ httpCredentials: { username: 'anyone', password: 'wrong' } });
    await expect.poll(status).toMatch(/^This page needs the collector's read token/);
  });

  it('asks nothing while the tab is hidden, and asks at once when it shows again', async () => {
    await open();
    await expect.poll(status).toMatch(/^Results loaded/);
    const hide = (hidden: boolean) =>
      page.evaluate((value) => {
        Object.defineProperty(document, 'hidden', { value, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await hide(true);
    const asked = queries.length;
    await page.waitForTimeout(6_000);
    expect(queries.length).toBe(asked);
    await hide(false);
    await expect.poll(() => queries.length).toBe(asked + 1);
    expect(errors).toEqual([]);
  });

  it('tells other failures apart, with their status and reason', async () => {
    reply = { status: 503, body: { error: 'the store is unavailable; retry later' } };
    await open();
    await expect
      .poll(status)
      .toBe('Could not load results: 503 the store is unavailable; retry later');
  });
});

describe('accessibility', () => {
  it('has no WCAG 2.2 A/AA violations wide, on a phone and in dark mode', async () => {
    // axe is injected as a script, which the page's own CSP would (rightly) refuse.
    await open({ bypassCSP: true });
    await expect.poll(status).toMatch(/^Results loaded/);
    for (const summary of await page.locator('summary').all()) await summary.click();
    for (const [width, scheme] of [
      [1280, 'light'],
      [360, 'light'],
      [320, 'dark'],
      [1280, 'dark'],
    ] as const) {
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({
        path: join(screens, `results-${width}-${scheme}.png`),
        fullPage: true,
      });
      expect(await axeViolations(page), `${width} px, ${scheme}`).toEqual([]);
      // Readable without scrolling sideways (WCAG 1.4.10 reflow).
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scroll, `${width} px, ${scheme}`).toBeLessThanOrEqual(width);
    }
    // Dark mode really is dark: the page follows the scheme.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(13, 17, 23)',
    );
    expect(errors).toEqual([]);
  });
});
