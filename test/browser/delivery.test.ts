import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  callWidget,
  htmlPage,
  launchChromium,
  startSite,
  type TestSite,
  watchErrors,
  widgetLoaded,
} from './harness.js';

let browser: Browser;
let site: TestSite;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  site = await startSite();
  site.page('/shop.html', {
    html: htmlPage(
      '<h1>Shop</h1>',
      `<script>
          window.surveylet = window.surveylet || function () { (surveylet.q = surveylet.q || []).push(arguments) };
          surveylet('init', { endpoint: '/collect', surveys: [{ id: 'nps', type: 'nps', followUp: false, trigger: { event: 'ask' } }] });
        </script><script async src="/surveylet.js"></script>`,
    ),
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});
beforeEach(async () => {
  site.batches.length = 0;
  site.stored.clear();
  site.blackHole = false;
  context = await browser.newContext();
});
afterEach(async () => {
  await context.close();
});

/** Opens the shop, shows the survey and answers it with `score`. */
async function answer(page: Page, score: number) {
  await page.goto(`${site.url}/shop.html`);
  await widgetLoaded(page);
  await callWidget(page, 'show', 'nps');
  await page.getByRole('radio', { name: String(score) }).click();
  await page.locator('p.thanks').waitFor();
}

/** The outbox records in this origin's IndexedDB, read the way a page would. */
function outboxRecords(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ id: string; revision: number }[]>((resolve, reject) => {
        const request = indexedDB.open('surveylet');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('outbox')) return resolve([]);
          const all = db.transaction('outbox').objectStore('outbox').getAll();
          all.onsuccess = () => {
            resolve(
              (all.result as { id?: string; revision: number }[]).filter((r) => r.id) as never,
            );
            db.close();
          };
        };
      }),
  );
}

function status(page: Page) {
  return page.evaluate(() =>
    (
      window as unknown as {
        surveylet(verb: string): Promise<{ persistence: string; pending: number; dead: number }>;
      }
    ).surveylet('status'),
  );
}

describe('delivery in Chromium', () => {
  it('keeps an answer given offline through a closed tab and delivers it once on the next visit', async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}/shop.html`);
    await widgetLoaded(page);
    // The survey UI and its wording arrive while the survey is armed (its event trigger
    // listens); the loader removes their <script>s once they have run. Offline from then on, an answer
    // must still be kept and sent.
    await page.waitForFunction(
      () =>
        performance.getEntriesByType('resource').some((e) => e.name.endsWith('/surveylet-ui.js')) &&
        !document.querySelector('script[src*="/surveylet-"]'),
    );
    await context.setOffline(true);
    await callWidget(page, 'show', 'nps');
    await page.getByRole('radio', { name: '7' }).click();
    await expect.poll(async () => (await outboxRecords(page)).length).toBe(1);
    const [queued] = await outboxRecords(page);
    expect(await status(page)).toMatchObject({ persistence: 'indexeddb', pending: 1 });
    await page.close(); // the keepalive on page hide cannot get through offline
    expect(site.stored.has(queued?.id ?? '')).toBe(false);

    await context.setOffline(false);
    const next = await context.newPage();
    await next.goto(`${site.url}/shop.html`);
    await expect.poll(() => site.stored.get(queued?.id ?? '')?.score, { timeout: 15_000 }).toBe(7);
    await expect.poll(async () => (await outboxRecords(next)).length).toBe(0);
    const copies = site.batches.flatMap((b) => b.responses).filter((r) => r.id === queued?.id);
    expect(copies.length).toBeGreaterThanOrEqual(1);
    expect([...site.stored.values()].filter((r) => r.id === queued?.id)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('sends as soon as the browser is back online, on the same page', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/shop.html`);
    await widgetLoaded(page);
    // The survey UI and its wording arrive while the survey is armed (its event trigger
    // listens); the loader removes their <script>s once they have run. Offline from then on, an answer
    // must still be kept and sent.
    await page.waitForFunction(
      () =>
        performance.getEntriesByType('resource').some((e) => e.name.endsWith('/surveylet-ui.js')) &&
        !document.querySelector('script[src*="/surveylet-"]'),
    );
    await context.setOffline(true);
    await callWidget(page, 'show', 'nps');
    await page.getByRole('radio', { name: '10, Extremely likely' }).click();
    await expect.poll(async () => (await outboxRecords(page)).length).toBe(1);
    expect(site.batches).toHaveLength(0);
    await context.setOffline(false);
    await expect.poll(() => site.stored.size, { timeout: 10_000 }).toBe(1);
  });

  it('delivers on the next visit an answer whose request was black-holed when the tab closed', async () => {
    site.blackHole = true;
    const page = await context.newPage();
    await answer(page, 2);
    await expect.poll(async () => (await outboxRecords(page)).length).toBe(1);
    const [queued] = await outboxRecords(page);
    await page.close();
    // This answer, that is: a farewell copy from an earlier test's page may still land.
    expect(site.stored.has(queued?.id ?? '')).toBe(false);

    site.blackHole = false;
    const next = await context.newPage();
    await next.goto(`${site.url}/shop.html`);
    // The closing page's keepalive copy may reach the collector after all (its body can
    // arrive once the black hole is gone), but the new page only learns of it by sending
    // itself, once the dead tab's 30 s lease ends: only then is the record deleted.
    await expect
      .poll(() => site.stored.get(queued?.id ?? '')?.score, { timeout: 45_000, interval: 500 })
      .toBe(2);
    await expect
      .poll(async () => (await outboxRecords(next)).length, { timeout: 45_000, interval: 500 })
      .toBe(0);
  }, 100_000);

  it('delivers from memory while the page is open when IndexedDB is blocked', async () => {
    await context.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', {
        get() {
          throw new DOMException('IndexedDB is blocked', 'SecurityError');
        },
      });
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await answer(page, 8);
    await expect.poll(() => site.stored.size, { timeout: 10_000 }).toBe(1);
    expect(await status(page)).toMatchObject({ persistence: 'memory', pending: 0 });
    expect(errors).toEqual([]);
  });

  it('keeps answers a wrong endpoint refuses, says so on the next page, and sends them once fixed', async () => {
    // The endpoint answers 404 (a wrong address) until the site owner fixes it.
    await context.route('**/collect', (route) => route.fulfill({ status: 404 }));
    const page = await context.newPage();
    await answer(page, 6);
    await expect.poll(async () => (await status(page)).dead).toBe(1);
    await page.close();
    await context.unroute('**/collect');

    const next = await context.newPage();
    const warnings: string[] = [];
    next.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await next.goto(`${site.url}/shop.html`);
    await widgetLoaded(next);
    await expect
      .poll(() => warnings.filter((w) => w.includes('retryDead')))
      .toEqual([
        `surveylet: 1 answer(s) refused are kept unsent. Fix endpoint ${site.url}/collect, then call flush({ retryDead: true })`,
      ]);
    expect(site.stored.size).toBe(0);
    await callWidget(next, 'flush', { retryDead: true });
    await expect.poll(() => [...site.stored.values()].map((r) => r.score)).toEqual([6]);
    expect(await status(next)).toMatchObject({ pending: 0, dead: 0 });
    expect(site.batches).toHaveLength(1);
  });

  it('delivers each answer once when two tabs answer at once', async () => {
    const [first, second] = [await context.newPage(), await context.newPage()];
    await Promise.all([answer(first, 4), answer(second, 9)]);
    await expect.poll(() => site.stored.size, { timeout: 15_000 }).toBe(2);
    expect([...site.stored.values()].map((r) => r.score).sort()).toEqual([4, 9]);
    const ids = site.batches.flatMap((b) => b.responses.map((r) => r.id));
    expect(new Set(ids).size).toBe(2);
  });
});
