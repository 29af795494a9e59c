// The script tag's loader (dist/surveylet.js) and the files it fetches from beside
// itself: the survey UI (dist/surveylet-ui.js) and the wording of the one language the
// page speaks (dist/surveylet-<locale>.js). A page pays for them only when a survey is
// armed or shown, and a file that cannot load is reported without touching the host page.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { htmlPage, launchChromium, startSite, type TestSite, watchErrors } from './harness.js';

let browser: Browser;
let site: TestSite;
let context: BrowserContext;
let page: Page;
let errors: string[];
let warnings: string[];

const ui = '/surveylet-ui.js';
const dist = join(import.meta.dirname, '..', '..', 'dist');

beforeAll(async () => {
  browser = await launchChromium();
  site = await startSite();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});
beforeEach(async () => {
  site.batches.length = 0;
  site.served.length = 0;
  context = await browser.newContext();
  page = await context.newPage();
  errors = watchErrors(page);
  warnings = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
});
afterEach(async () => {
  await context.close();
});

/** The command-queue snippet with one survey, then the loader, as a host pastes them. */
function queued(survey: object, tag = '<script async src="/surveylet.js"></script>') {
  return `<script>window.surveylet = function () { (surveylet.q = surveylet.q || []).push(arguments) };
    window.uiErrors = [];
    surveylet('on', 'error', function (e) { uiErrors.push(String(e && e.message)) });
    surveylet('init', { endpoint: '/collect', surveys: [${JSON.stringify(survey)}] });</script>${tag}`;
}

async function open(path: string, head: string, headers: Record<string, string> = {}, lang = 'en') {
  site.page(path, { html: htmlPage('<h1>Shop</h1>', head, lang), headers });
  await page.goto(`${site.url}${path}`);
}

/** The files beside the loader a page asked for, in no particular order. */
const servedFiles = () => [...site.served].sort();
const show = (id: string) =>
  page.evaluate(
    (survey) =>
      (window as unknown as { surveylet(...a: unknown[]): void }).surveylet('show', survey),
    id,
  );

const card = () => page.getByRole('radiogroup');
const german = (on = page) => on.getByText('Überhaupt nicht wahrscheinlich');
const loaded = () =>
  page.waitForFunction(() => (window as { surveylet?: { loaded?: boolean } }).surveylet?.loaded);
const uiErrors = () => page.evaluate(() => (window as unknown as { uiErrors: string[] }).uiErrors);

/**
 * After two attempts to show "nps" with a file that cannot load: an error event each,
 * the first matching `cause`, one console warning, no card, and the survey still due.
 */
async function expectStillDue(cause: RegExp) {
  await expect.poll(uiErrors).toHaveLength(2);
  expect((await uiErrors())[0]).toMatch(cause);
  expect(warnings.filter((w) => w.includes('could not be shown'))).toHaveLength(1);
  expect(await card().count()).toBe(0);
  const explained = await page.evaluate(() =>
    (window as unknown as { surveylet(...a: unknown[]): Promise<{ eligible: boolean }> }).surveylet(
      'explain',
      'nps',
    ),
  );
  expect(explained.eligible).toBe(true);
}

/**
 * Opens `path` for a new visitor with `file` changed on its way from the site: the
 * browser refuses it (its hash is pinned), the console says `warning`, and neither the
 * changed file nor a card runs.
 */
async function expectTamperedRefused(path: string, file: string, warning: string) {
  const other = await browser.newContext();
  const tampered = await other.newPage();
  const tamperedWarnings: string[] = [];
  tampered.on('console', (m) => {
    if (m.type() === 'warning') tamperedWarnings.push(m.text());
  });
  await tampered.route(`**/${file}`, (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `${readFileSync(join(dist, file), 'utf8')};window.tampered=1`,
    }),
  );
  await tampered.goto(`${site.url}${path}`);
  await expect.poll(() => tamperedWarnings.some((w) => w.includes(warning))).toBe(true);
  expect(await tampered.evaluate(() => (window as { tampered?: number }).tampered)).toBeUndefined();
  expect(await tampered.getByRole('radiogroup').count()).toBe(0);
  await other.close();
}

describe('the built files', () => {
  it('keep Preact and the card out of the loader', () => {
    // Names a minifier keeps: Preact's prop handling and the card's stylesheet adoption.
    const markers = /dangerouslySetInnerHTML|adoptedStyleSheets/g;
    const loader = readFileSync(join(dist, 'surveylet.js'), 'utf8');
    const survey = readFileSync(join(dist, 'surveylet-ui.js'), 'utf8');
    expect(loader.match(markers)).toBeNull();
    expect(new Set(survey.match(markers))).toEqual(
      new Set(['dangerouslySetInnerHTML', 'adoptedStyleSheets']),
    );
  });

  it('keep the wording out of the UI file: one file per language, all of them in the bundle', () => {
    const read = (file: string) => readFileSync(join(dist, file), 'utf8');
    const npsLow = { en: 'Not at all likely', de: 'Überhaupt nicht wahrscheinlich' };
    for (const [locale, text] of Object.entries(npsLow)) {
      expect(read(`surveylet-${locale}.js`)).toContain(text);
      expect(read('surveylet-ui.js')).not.toContain(text);
      expect(read('surveylet.js')).not.toContain(text);
      expect(read('surveylet.bundle.js')).toContain(text);
    }
    expect(read('surveylet-en.js')).not.toContain(npsLow.de);
  });
});

describe('the loader fetches the survey UI only when a survey may show', () => {
  it('does not fetch it on a page where no survey is armed', async () => {
    await open(
      '/pricing.html',
      queued({ id: 'nps', type: 'nps', trigger: { urls: { include: ['/help/*'] } } }),
    );
    await loaded();
    // Long enough for start-up (visitor state, outbox) to have run and armed nothing.
    await page.waitForTimeout(1500);
    expect(site.served).toEqual(['/surveylet.js']);
    expect(await page.locator('[data-surveylet]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('fetches it while a delay counts, so the question paints at the end of the delay', async () => {
    await open('/delay.html', queued({ id: 'nps', type: 'nps', trigger: { delayMs: 2000 } }));
    await expect.poll(() => site.served.includes(ui)).toBe(true);
    // The UI is here, the survey not yet: it waits for its delay, not for the network.
    expect(await card().count()).toBe(0);
    await expect.poll(() => card().isVisible(), { timeout: 5000 }).toBe(true);
    expect(site.served.filter((path) => path === ui)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it("fetches it for show() and answers through the loader's outbox", async () => {
    await open(
      '/show.html',
      queued({ id: 'nps', type: 'nps', trigger: { urls: { include: ['/help/*'] } } }),
    );
    await loaded();
    await page.evaluate(() =>
      (window as unknown as { surveylet(...a: unknown[]): void }).surveylet('show', 'nps'),
    );
    await page.getByRole('radio', { name: '8' }).click();
    await expect.poll(() => site.responses().length).toBe(1);
    expect(site.responses()[0]).toMatchObject({ surveyId: 'nps', score: 8 });
    expect(errors).toEqual([]);
  });

  it('fetches it for a <surveylet-survey> element on the page', async () => {
    site.page('/element.html', {
      html: htmlPage(
        '<surveylet-survey survey="csat" endpoint="/collect"></surveylet-survey>',
        '<script src="/surveylet.js"></script>',
      ),
    });
    await page.goto(`${site.url}/element.html`);
    await expect.poll(() => page.getByRole('radio').count()).toBe(5);
    expect(errors).toEqual([]);
  });
});

describe('the loader fetches the wording of one language', () => {
  it('fetches the UI and the German wording only on a German page, and speaks German', async () => {
    await open('/de.html', queued({ id: 'nps', type: 'nps' }), {}, 'de');
    await expect.poll(() => card().isVisible()).toBe(true);
    expect(await german().isVisible()).toBe(true);
    expect(servedFiles()).toEqual(['/surveylet-de.js', '/surveylet-ui.js', '/surveylet.js']);
    await page.getByRole('radio', { name: '9' }).click();
    await expect.poll(() => site.responses().length).toBe(1);
    expect(site.responses()[0]).toMatchObject({ score: 9, locale: 'de' });
    expect(errors).toEqual([]);
  });

  it("follows the config's locale over the page's language", async () => {
    await open(
      '/ja.html',
      `<script src="/surveylet.js" data-endpoint="/collect" data-survey="nps" data-locale="ja"></script>`,
      {},
      'de',
    );
    await expect.poll(() => card().isVisible()).toBe(true);
    expect(servedFiles()).toEqual(['/surveylet-ja.js', '/surveylet-ui.js', '/surveylet.js']);
    expect(errors).toEqual([]);
  });

  it('when the wording cannot load: an error event and one warning; the survey stays due', async () => {
    await page.route('**/surveylet-de.js', (route) => route.abort());
    await open('/de-blocked.html', queued({ id: 'nps', type: 'nps' }), {}, 'de');
    await expect.poll(uiErrors).toHaveLength(1);
    await show('nps');
    await expectStillDue(/surveylet-de\.js could not load/);

    // The UI that did load is kept; only the wording is asked for again.
    const before = site.served.filter((path) => path === ui).length;
    await page.unroute('**/surveylet-de.js');
    await show('nps');
    await expect.poll(() => card().isVisible()).toBe(true);
    expect(await german().isVisible()).toBe(true);
    expect(site.served.filter((path) => path === ui)).toHaveLength(before);
    expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});

describe("the config's full messages, fetched only when there is something to say", () => {
  // A misspelt key: the rules drop it at once; its full message has a "did you mean".
  const misspelt = { id: 'nps', type: 'nps', trigerr: { delayMs: 10 } };
  const full =
    'surveylet: surveys[0].trigerr is not a known option, so it is ignored; did you mean "trigger"?';

  it('fetches the diagnostics file and warns the full message once', async () => {
    await open('/misspelt.html', queued(misspelt));
    await expect.poll(() => warnings).toContain(full);
    expect(warnings.filter((w) => w.includes('trigerr'))).toHaveLength(1);
    expect(servedFiles()).toContain('/surveylet-diagnostics.js');
    expect(errors).toEqual([]);
  });

  it('says the short form, naming the field, when the diagnostics file cannot load', async () => {
    await page.route('**/surveylet-diagnostics.js', (route) => route.abort());
    await open('/misspelt-blocked.html', queued(misspelt));
    await expect
      .poll(() => warnings.filter((w) => w.includes('surveys[0].trigerr')))
      .toEqual([
        'surveylet: surveys[0].trigerr is not used (got "trigerr"); for details, check the config with validateConfig() or use surveylet.bundle.js',
      ]);
    // The browser logs the blocked request itself; the page sees nothing thrown.
    expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });

  it('pins the diagnostics file to the hash built into a pinned loader', async () => {
    const hash = createHash('sha384')
      .update(readFileSync(join(dist, 'surveylet.js')))
      .digest('base64');
    const pinned = queued(
      misspelt,
      `<script async src="/surveylet.js" integrity="sha384-${hash}" crossorigin="anonymous"></script>`,
    );
    await open('/misspelt-pinned.html', pinned);
    await expect.poll(() => warnings).toContain(full);

    // A changed diagnostics file is refused, never run: the short form is said instead.
    const other = await browser.newContext();
    const tampered = await other.newPage();
    const tamperedWarnings: string[] = [];
    tampered.on('console', (m) => {
      if (m.type() === 'warning') tamperedWarnings.push(m.text());
    });
    await tampered.route('**/surveylet-diagnostics.js', (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `${readFileSync(join(dist, 'surveylet-diagnostics.js'), 'utf8')};window.tampered=1`,
      }),
    );
    await tampered.goto(`${site.url}/misspelt-pinned.html`);
    await expect
      .poll(() => tamperedWarnings.some((w) => w.includes('surveys[0].trigerr is not used')))
      .toBe(true);
    expect(tamperedWarnings.some((w) => w.includes('did you mean'))).toBe(false);
    expect(
      await tampered.evaluate(() => (window as { tampered?: number }).tampered),
    ).toBeUndefined();
    await other.close();
  });
});

describe('a survey UI that cannot load', () => {
  it('is an error event and one warning; the survey stays due and shows once the UI loads', async () => {
    await page.route(`**${ui}`, (route) => route.abort());
    await open('/blocked.html', queued({ id: 'nps', type: 'nps' }));
    await expect.poll(uiErrors).toHaveLength(1);
    const show = () =>
      page.evaluate(() =>
        (window as unknown as { surveylet(...a: unknown[]): void }).surveylet('show', 'nps'),
      );
    await show();
    await expectStillDue(/could not load/);

    await page.unroute(`**${ui}`);
    await show();
    await expect.poll(() => card().isVisible()).toBe(true);
    // The browser logs the blocked request itself; the page sees no exception.
    expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});

describe('the UI under the host page’s security', () => {
  const tag = (attributes = '') =>
    `<script src="/surveylet.js" data-endpoint="/collect" data-survey="nps" ${attributes}></script>`;
  const strict = "default-src 'self'; script-src 'self'; style-src 'self'";
  /** The tag pinned, as README shows it, to the hash of the built loader. */
  const pinnedTag = () => {
    const hash = createHash('sha384')
      .update(readFileSync(join(dist, 'surveylet.js')))
      .digest('base64');
    return tag(`integrity="sha384-${hash}" crossorigin="anonymous"`);
  };

  it("loads under script-src 'self' with Trusted Types allowing the surveylet policy", async () => {
    await open(
      '/tt.html',
      tag(),
      {
        'Content-Security-Policy': `${strict}; require-trusted-types-for 'script'; trusted-types surveylet`,
      },
      'de',
    );
    await expect.poll(() => german().isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('says which CSP line to add when Trusted Types do not allow the policy', async () => {
    await open('/tt-none.html', tag(), {
      'Content-Security-Policy': `${strict}; require-trusted-types-for 'script'; trusted-types 'none'`,
    });
    await expect.poll(() => warnings.some((w) => w.includes('trusted-types surveylet'))).toBe(true);
    expect(await card().count()).toBe(0);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it("loads under a nonce-only script-src, with the loader's nonce", async () => {
    await open('/nonce.html', tag('nonce="n0nce1"'), {
      'Content-Security-Policy': "script-src 'nonce-n0nce1'; style-src 'self'",
    });
    await expect.poll(() => card().isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('pins the UI to the hash built into a loader the page pins with integrity', async () => {
    const pinned = pinnedTag();
    await open('/pinned.html', pinned);
    await expect.poll(() => card().isVisible()).toBe(true);

    // The same page for a new visitor, with the UI file changed on its way: refused,
    // reported, not run.
    await expectTamperedRefused('/pinned.html', 'surveylet-ui.js', 'could not be shown');
  });

  it('pins the wording too, through the pinned UI: a changed wording file is refused', async () => {
    const pinned = pinnedTag();
    await open('/pinned-de.html', pinned, {}, 'de');
    await expect.poll(() => german().isVisible()).toBe(true);
    expect(servedFiles()).toEqual(['/surveylet-de.js', '/surveylet-ui.js', '/surveylet.js']);
    expect(
      await page.evaluate(() =>
        [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
      ),
    ).toEqual(['/surveylet.js']);

    await expectTamperedRefused(
      '/pinned-de.html',
      'surveylet-de.js',
      'surveylet-de.js could not load',
    );
  });

  it('loads when a tag manager inserts the loader', async () => {
    await open(
      '/gtm.html',
      `<script>var s = document.createElement('script'); s.src = '/surveylet.js';
        s.dataset.endpoint = '/collect'; s.dataset.survey = 'csat'; document.head.appendChild(s);</script>`,
    );
    await expect.poll(() => page.getByRole('radio').count()).toBe(5);
    expect(errors).toEqual([]);
  });
});
