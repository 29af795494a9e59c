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
    tooFew: false,
    categories: { promoter: 60, passive: 38, detractor: 22 },
    distribution: { 0: 1, 2: 3, 3: 4, 5: 6, 6: 8, 7: 18, 8: 20, 9: 30, 10: 30 },
    trend: [
      { period: '2026-11-18', count: 40, value: 25.0, low: 5.2, high: 44.8, tooFew: false },
      { period: '2026-11-19', count: 0, value: null, low: null, high: null, tooFew: true },
      { period: '2026-11-20', count: 80, value: 35.0, low: 21.3, high: 48.7, tooFew: false },
    ],
    comparison: {
      days: 30,
      current: { metric: { name: 'nps', value: 31.6, n: 120, low: 20.1, high: 43.0 } },
      previous: { metric: { name: 'nps', value: 23.4, n: 90, low: 9.0, high: 37.8 } },
      change: { difference: 8.2, low: -10.2, high: 26.6, significant: false },
    },
    segments: [
      {
        segment: 'team',
        count: 80,
        value: 45,
        low: 30.1,
        high: 59.9,
        tooFew: false,
        vsRest: { difference: 40.2, low: 12.0, high: 68.4, significant: true },
      },
      {
        segment: 'free',
        count: 40,
        value: 4.8,
        low: -20.0,
        high: 29.6,
        tooFew: false,
        vsRest: { difference: -40.2, low: -68.4, high: -12.0, significant: true },
      },
    ],
    funnel: {
      shown: 400,
      dismissed: 150,
      dismissedAt: { score: 120, followUp: 30 },
      answered: 120,
      commented: 45,
      responseRate: { value: 30, low: 25.7, high: 34.6 },
      tooFew: false,
      answersWithoutShowing: 3,
      segments: [
        {
          segment: 'team',
          shown: 250,
          dismissed: 90,
          dismissedAt: { score: 70, followUp: 20 },
          answered: 80,
          commented: 30,
          responseRate: { value: 32, low: 26.5, high: 38.1 },
          tooFew: false,
        },
        {
          segment: '<b>free</b>',
          shown: 150,
          dismissed: 60,
          dismissedAt: { score: 50, followUp: 10 },
          answered: 40,
          commented: 15,
          responseRate: { value: 26.7, low: 20.2, high: 34.3 },
          tooFew: false,
        },
      ],
    },
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
    tooFew: true,
    categories: { satisfied: 10, neutral: 1, dissatisfied: 1 },
    distribution: { 1: 1, 3: 1, 4: 4, 5: 6 },
    trend: [{ period: '2026-11-16', count: 12, value: 83.3, low: 55.2, high: 95.3, tooFew: true }],
    comparison: {
      days: 30,
      current: { metric: { name: 'csat', value: 83.3, n: 12 } },
      previous: { metric: { name: 'csat', value: null, n: 0 } },
      change: null,
    },
    segments: [
      {
        segment: 'pro',
        count: 8,
        value: 87.5,
        low: 52.9,
        high: 97.8,
        tooFew: true,
        vsRest: { difference: 12.5, low: -30, high: 55, significant: null },
      },
      { segment: '(none)', count: 4, value: 75, low: 30.1, high: 95.4, tooFew: true, vsRest: null },
    ],
    funnel: null,
    comments: [],
  },
  {
    surveyId: 'support',
    type: 'ces',
    variant: 'effort',
    warning: 'answers of two kinds under one id: shown apart',
    count: 40,
    metric: { name: 'ces', value: 2.4, n: 40, low: 2.1, high: 2.7 },
    tooFew: false,
    categories: { easy: 25, neutral: 10, difficult: 5 },
    distribution: { 1: 10, 2: 15, 3: 10, 4: 3, 5: 2 },
    trend: [],
    funnel: {
      shown: 0,
      dismissed: 0,
      dismissedAt: { score: 0, followUp: 0 },
      answered: 0,
      commented: 0,
      responseRate: { value: null, low: null, high: null },
      tooFew: true,
      answersWithoutShowing: 40,
    },
  },
  {
    surveyId: 'support',
    type: 'ces',
    variant: 'agreement',
    warning: 'answers of two kinds under one id: shown apart',
    scale: { min: 1, max: 7 },
    count: 31,
    metric: { name: 'ces', value: 5.1, n: 31, low: 4.6, high: 5.6, percentEasy: 71 },
    tooFew: false,
    categories: { difficult: 4, neutral: 5, easy: 22 },
    distribution: { 1: 1, 2: 1, 3: 2, 4: 5, 5: 6, 6: 8, 7: 8 },
    trend: [],
    funnel: {
      shown: 20,
      dismissed: 5,
      dismissedAt: { score: 4, followUp: 1 },
      answered: 9,
      commented: 2,
      responseRate: { value: 45, low: 25.8, high: 65.8 },
      tooFew: true,
      answersWithoutShowing: 1,
    },
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
    await expect.poll(status).toBe('Results loaded: 4 surveys, 203 responses.');
    expect(await page.locator('.metric').allTextContents()).toEqual([
      'NPS 32',
      'CSAT: too few answers to tell (n = 12)',
      'CES 2.40 (lower is better)',
      'CES 5.10',
    ]);
    const nps = section('nps');
    expect(await nps.locator('.headline').textContent()).toBe(
      'NPS 32 95% interval 20 to 43 · 120 responses',
    );
    expect(await nps.locator('.comparison').textContent()).toBe(
      'Last 30 days: NPS 32 (n = 120), +8 vs previous 30 days (not significant).',
    );
    // Too few answers: no big number, but the interval is still there to read.
    const checkout = section('<b>checkout</b>');
    expect(await checkout.locator('.headline span').nth(1).textContent()).toBe(
      '95% interval 55% to 95% · 12 responses',
    );
    expect(await checkout.locator('.comparison').textContent()).toBe(
      'Last 30 days: CSAT 83% (n = 12), no answers in the previous 30 days to compare with.',
    );
    // Two kinds of answers under one id: two sections, each named by its kind, each warned.
    for (const kind of ['support (CES effort)', 'support (CES agreement)']) {
      expect(await section(kind).locator('.warning').textContent(), kind).toBe(
        'Note: answers of two kinds under one id: shown apart.',
      );
    }
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
    // Every score of the scale has a bar, zeros included, and counts are whole numbers.
    const scores = nps.getByRole('img', { name: /^Score distribution/ });
    expect(await scores.locator('rect').count()).toBe(11);
    const counts = await scores.locator('text').allTextContents();
    expect(counts.filter((t) => !/^\d+$/.test(t))).toEqual([]);
    expect(
      await rows(nps.getByRole('table', { name: 'Trend (NPS)', includeHidden: true })),
    ).toEqual([
      ['2026-11-18', '40', '25', '5 to 45'],
      ['2026-11-19', '0', '–', '–'],
      ['2026-11-20', '80', '35', '21 to 49'],
    ]);
    // The interval band: the gap at 11-19 leaves two lone periods, each a bar of its own.
    const trendChart = nps.getByRole('img', { name: /^Trend/ });
    expect(await trendChart.locator('.band').count()).toBe(2);
    // A trend of one period still draws: its point, its value and its interval.
    const lone = checkout.getByRole('img', { name: /^Trend/ });
    expect(await lone.locator('circle').count()).toBe(1);
    expect(await lone.locator('.band').count()).toBe(1);
    expect(await lone.locator('text').allTextContents()).toContain('83%');
    expect(await rows(nps.getByRole('table', { name: 'By segment' }))).toEqual([
      ['team', '80', '45', '30 to 60', '+40 (significant)'],
      ['free', '40', '5', '-20 to 30', '−40 (significant)'],
    ]);
    expect(await rows(checkout.getByRole('table', { name: 'By segment' }))).toEqual([
      ['pro', '8', '88%', '53% to 98%', '+13 points (too few answers to tell)'],
      ['(none)', '4', '75%', '30% to 95%', '–'],
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

  it('shows how many saw each survey, scored, commented and closed it', async () => {
    await open();
    await expect.poll(status).toMatch(/^Results loaded/);
    const nps = section('nps');
    const funnel = nps.getByRole('img', { name: /^Funnel/ });
    expect(await funnel.getAttribute('aria-label')).toBe(
      'Funnel: 400 shown, 120 scored, 45 commented',
    );
    // Shares of the showings, as whole counts.
    expect(await funnel.locator('text').allTextContents()).toEqual([
      'shown',
      '400 (100%)',
      'scored',
      '120 (30%)',
      'commented',
      '45 (11%)',
    ]);
    await expect
      .poll(() => nps.getByText(/^Response rate( \d|:)/).textContent())
      .toBe('Response rate 30% (95% interval 26% to 35%): 120 of 400 scored.');
    expect(await nps.getByText(/dismissed:/).textContent()).toBe(
      '150 dismissed: 120 before a score, 30 at the comment.',
    );
    expect(await nps.getByText(/without a reported showing/).textContent()).toBe(
      '3 answers in this range came without a reported showing: the rate leaves them out.',
    );
    // The exact numbers, from the keyboard.
    await nps.getByText('Funnel as a table').focus();
    await page.keyboard.press('Enter');
    expect(await rows(nps.getByRole('table', { name: 'Funnel', exact: true }))).toEqual([
      ['shown', '400', '100%'],
      ['scored', '120', '30%'],
      ['commented', '45', '11%'],
      ['dismissed', '150', '38%'],
    ]);
    expect(await rows(nps.getByRole('table', { name: 'Response rate for each segment' }))).toEqual([
      ['team', '250', '80', '32%', '27% to 38%'],
      ['<b>free</b>', '150', '40', '27%', '20% to 34%'],
    ]);
    // No made-up rate where the site's widget reports no showings, or none in the range.
    expect(
      await section('<b>checkout</b>')
        .getByText(/^Impressions/)
        .textContent(),
    ).toBe("Impressions not reported by this site's widget yet.");
    const effort = section('support (CES effort)');
    expect(await effort.getByText('No showings reported in this range.').count()).toBe(1);
    expect(await effort.getByRole('img', { name: /^Funnel/ }).count()).toBe(0);
    expect(
      await section('support (CES agreement)')
        .getByText(/^Response rate( \d|:)/)
        .textContent(),
    ).toBe('Response rate: too few showings to tell (n = 20); 9 of 20 scored.');
    expect(await page.locator('img, b').count()).toBe(0);
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
    await page.getByLabel('Trend by').selectOption('month');
    // Any trait or context key, typed: it applies when the field is left.
    await page.getByLabel('Break down by').fill('plan');
    await page.keyboard.press('Tab');
    await page.getByLabel('From', { exact: true }).fill('2026-11-01');
    await expect.poll(() => queries.at(-1)).toBe('?from=2026-11-01&by=month&segment=plan');
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(
      '/collect/export.csv?from=2026-11-01&by=month&segment=plan',
    );
    await expect.poll(() => page.getByRole('table', { name: 'By plan' }).count()).toBe(2);
    // With dates chosen the headline is the period: the comparison only says the change.
    await expect
      .poll(() => section('nps').locator('.comparison').textContent())
      .toBe('+8 vs previous 30 days (not significant).');
    // One answer per person, from the keyboard.
    await page.getByLabel('One answer per person (the latest)').focus();
    await page.keyboard.press('Space');
    const all = '?from=2026-11-01&by=month&segment=plan&latest=1';
    await expect.poll(() => queries.at(-1)).toBe(all);
    // A reload (to sign in, say) keeps the filters.
    await page.reload();
    expect(await page.getByLabel('Trend by').inputValue()).toBe('month');
    expect(await page.getByLabel('One answer per person (the latest)').isChecked()).toBe(true);
    await expect.poll(() => queries.at(-1)).toBe(all);
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
    await expect.poll(status).toBe('Results loaded: 4 surveys, 203 responses.');
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
      [375, 'light'],
      [375, 'dark'],
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
