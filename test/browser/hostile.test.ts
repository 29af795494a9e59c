import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  callWidget,
  htmlPage,
  launchChromium,
  settled,
  startSite,
  type TestSite,
  watchErrors,
} from './harness.js';

// Hostile host pages (issue "Proof in a real browser"): each answers every survey type
// end to end and checks the answer arrives and the host page is unchanged.
let browser: Browser;
let site: TestSite;
let context: BrowserContext;
let page: Page;
let errors: string[];

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
  site.stored.clear();
  context = await browser.newContext();
  page = await context.newPage();
  errors = watchErrors(page);
});
afterEach(async () => {
  await context.close();
});

const types = [
  ['nps', '9', 'What do you like most?'],
  ['csat', '2', 'What could we do better?'],
  ['ces', '4', 'What would make your experience better?'],
] as const;

const queue = (type: string) =>
  `<script src="/queue-${type}.js"></script><script async src="/surveylet.js"></script>`;

function serveQueue(type: string) {
  // An external file, so the same page also runs under script-src 'self'.
  site.page(`/queue-${type}.js`, {
    html: `window.surveylet = window.surveylet || function () { (surveylet.q = surveylet.q || []).push(arguments) };
surveylet('init', { endpoint: '/collect', minDaysBetweenSurveys: 0,
  surveys: [{ id: '${type}', type: '${type}', recontactDays: 0, dismissCooldownDays: 0 }] });`,
    headers: { 'Content-Type': 'text/javascript' },
  });
}

/** Answers the survey on screen by keyboard and mouse and waits for both revisions. */
async function answerAll(score: string, followUp: string) {
  await page.getByRole('radio', { name: new RegExp(`^${score}(,|$)`) }).click();
  await page.getByRole('textbox', { name: followUp }).fill('From a hostile page');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => [...site.stored.values()].at(-1)?.revision, { timeout: 10_000 }).toBe(2);
  expect([...site.stored.values()].at(-1)?.comment).toBe('From a hostile page');
}

const hostStyles = () =>
  page.evaluate(() =>
    ['body', 'h1', 'p', 'button', 'div'].map((selector) => {
      const element = document.querySelector(selector);
      if (!element) return null;
      const style = getComputedStyle(element);
      return [
        selector,
        style.fontSize,
        style.color,
        style.display,
        style.overflow,
        style.margin,
      ].join(' ');
    }),
  );

describe('a strict Content-Security-Policy', () => {
  it.each(types)(
    'delivers %s with no violation, with and without Trusted Types',
    async (type, score, followUp) => {
      serveQueue(type);
      for (const trusted of [false, true]) {
        const violations: string[] = [];
        const csp = `default-src 'self'; script-src 'self'; style-src 'self'${trusted ? "; require-trusted-types-for 'script'" : ''}`;
        site.page(`/csp-${type}-${trusted}.html`, {
          html: htmlPage('<h1>Strict</h1>', queue(type)),
          headers: { 'Content-Security-Policy': csp },
        });
        site.stored.clear();
        const tab = await context.newPage();
        page = tab;
        errors = watchErrors(tab);
        await tab.exposeFunction('reportViolation', (v: string) => violations.push(v));
        await tab.addInitScript(() =>
          document.addEventListener('securitypolicyviolation', (e) =>
            (window as unknown as { reportViolation(v: string): void }).reportViolation(
              e.violatedDirective,
            ),
          ),
        );
        await tab.goto(`${site.url}/csp-${type}-${trusted}.html`);
        await answerAll(score, followUp);
        expect(violations).toEqual([]);
        expect(errors).toEqual([]);
        await tab.close();
      }
    },
  );
});

describe('aggressive host CSS', () => {
  const hostile = `<link rel="stylesheet" href="/bootstrap.css"><link rel="stylesheet" href="/preflight.css">
    <style>* { all: unset } button { display: none } div { font-size: 40px !important } html { font-size: 8px }
    head, script, style, link { display: none }</style>`;
  const body = '<h1>Shop</h1><p>Welcome</p><div>Deals</div><button>Buy</button>';

  it.each(types)(
    'leaves %s looking the same and the host page untouched',
    async (type, score, followUp) => {
      serveQueue(type);
      // The card on a plain page, for comparison (a profile of its own, so this visit
      // does not count as the survey being on screen in another tab).
      site.page(`/plain-${type}.html`, { html: htmlPage(body, queue(type)) });
      const plainContext = await browser.newContext();
      const plainPage = await plainContext.newPage();
      await plainPage.goto(`${site.url}/plain-${type}.html`);
      await plainPage.getByRole('radio').first().waitFor();
      await settled(plainPage);
      const plain = await plainPage.locator('.card').screenshot();
      await plainContext.close();

      site.page(`/bare-${type}.html`, { html: htmlPage(body, hostile) });
      await page.goto(`${site.url}/bare-${type}.html`);
      const before = await hostStyles();

      site.page(`/hostile-${type}.html`, { html: htmlPage(body, hostile + queue(type)) });
      await page.goto(`${site.url}/hostile-${type}.html`);
      await page.getByRole('radio').first().waitFor();
      await settled(page);
      expect((await page.locator('.card').screenshot()).equals(plain)).toBe(true);
      expect(await hostStyles()).toEqual(before);
      await answerAll(score, followUp);
      expect(await hostStyles()).toEqual(before);
      expect(errors).toEqual([]);
    },
  );
});

describe('hostile scripts', () => {
  const scripts = `<style>body { transform: translateX(0); overflow: hidden }
    #overlay { position: fixed; inset: 0; z-index: 2147483647; background: rgba(0,0,0,.05) }</style>
    <script>
      Array.prototype.each = function () {}; Object.prototype.extra = 'host';
      const NativePromise = Promise;
      window.Promise = class PolyfillPromise extends NativePromise {};
      const hostFetch = window.fetch;
      window.fetch = function analyticsFetch(input, init) { window.seen = (window.seen || 0) + 1; return hostFetch.call(this, input, init); };
    </script>`;

  it.each(types)(
    'delivers %s through extended prototypes, a replaced Promise, a wrapped fetch and an overlay',
    async (type, score, followUp) => {
      serveQueue(type);
      site.page(`/scripts-${type}.html`, {
        html: htmlPage('<h1>Shop</h1><div id="overlay"></div>', scripts + queue(type)),
      });
      await page.goto(`${site.url}/scripts-${type}.html`);
      await answerAll(score, followUp);
      expect(
        await page.evaluate(() => (window as unknown as { seen: number }).seen),
      ).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    },
  );

  it('survives a fetch that throws, keeps the answer, and hands it to sendBeacon as the page goes', async () => {
    serveQueue('nps');
    site.page('/throwing.html', {
      html: htmlPage(
        '<h1>Shop</h1>',
        `<script>window.fetch = function () { throw new TypeError('analytics wrapper broke') };</script>${queue('nps')}`,
      ),
    });
    await page.goto(`${site.url}/throwing.html`);
    await page.getByRole('radio', { name: '6' }).click();
    await page.getByRole('textbox').fill('Still here');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForTimeout(500);
    expect(site.stored.size).toBe(0);
    expect(
      await page.evaluate(() =>
        (window as unknown as { surveylet(v: string): Promise<{ pending: number }> }).surveylet(
          'status',
        ),
      ),
    ).toMatchObject({ pending: 1 });
    await page.close({ runBeforeUnload: false });
    await expect.poll(() => site.stored.size, { timeout: 10_000 }).toBe(1);
    expect(errors).toEqual([]);
  });
});

describe('tag managers', () => {
  const countListeners = `<script>
    window.listening = 0;
    for (const target of [window, document]) {
      const add = target.addEventListener, remove = target.removeEventListener;
      target.addEventListener = function (...a) { window.listening++; return add.apply(this, a); };
      target.removeEventListener = function (...a) { window.listening--; return remove.apply(this, a); };
    }
  </script>`;

  it('works when injected after load, loaded twice, and re-initialised after destroy, leaving one widget and no leaks', async () => {
    serveQueue('csat');
    site.page('/gtm.html', { html: htmlPage('<h1>Shop</h1>', countListeners) });
    await page.goto(`${site.url}/gtm.html`);
    await page.waitForLoadState('load');
    const baseline = await page.evaluate(
      () => (window as unknown as { listening: number }).listening,
    );
    const inject = () =>
      page.evaluate(() => {
        const script = document.createElement('script');
        script.src = '/surveylet.js';
        script.dataset.endpoint = '/collect';
        script.dataset.survey = 'csat';
        document.head.append(script);
      });
    await inject();
    await inject(); // a second tag for the same script
    await page.getByRole('radio').first().waitFor();
    await page.waitForTimeout(300);
    expect(await page.locator('[data-surveylet]').count()).toBe(1);

    const nodes = () => page.evaluate(() => document.querySelectorAll('*').length);
    await callWidget(page, 'destroy');
    expect(await page.locator('[data-surveylet]').count()).toBe(0);
    const afterDestroy = await nodes();
    expect(await page.evaluate(() => (window as unknown as { listening: number }).listening)).toBe(
      baseline,
    );

    await callWidget(page, 'init', {
      endpoint: '/collect',
      // The visitor just saw a survey: without this, anti-fatigue would rightly wait 14 days.
      minDaysBetweenSurveys: 0,
      surveys: [{ id: 'again', type: 'csat', followUp: false }],
    });
    await page.getByRole('radio', { name: '5, Very satisfied' }).click();
    await expect.poll(() => site.stored.size, { timeout: 10_000 }).toBe(1);
    await callWidget(page, 'destroy');
    expect(await nodes()).toBe(afterDestroy);
    expect(await page.evaluate(() => (window as unknown as { listening: number }).listening)).toBe(
      baseline,
    );
    expect(errors).toEqual([]);
  });
});
