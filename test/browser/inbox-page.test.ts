import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Served, serve } from '../../src/collector/server.js';
import type { SurveyResponse } from '../../src/survey/types.js';
import { answer, batch } from '../collector/fixtures.js';
import { axeViolations, launchChromium, watchErrors } from './harness.js';

// The follow-up inbox on the results page, against a real collector (PGlite in memory):
// a reader signs in, marks an unhappy answer contacted with the keyboard, reloads, and
// finds it still contacted; an alert's link lands on its answer.

const screens = join(import.meta.dirname, '..', '..', 'test-results', 'screens');
mkdirSync(screens, { recursive: true });
const token = 'inbox-test-token';
const survey = { id: 'checkout-nps', type: 'nps' as const };

let served: Served;
let browser: Browser;
let context: BrowserContext | undefined;
let late: SurveyResponse;
let happy: SurveyResponse;

/** Posts answers as the widget does. */
async function send(...responses: SurveyResponse[]) {
  const reply = await fetch(`${served.url}/collect`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify(batch(...responses)),
  });
  expect(reply.status).toBe(204);
}

beforeAll(async () => {
  served = await serve({
    port: 0,
    dataDir: 'memory://',
    readToken: token,
    rateLimit: false,
    log: () => {},
  });
  late = answer(2, survey, {
    comment: 'Delivery was two weeks late',
    user: { id: 'customer-42', traits: { plan: 'pro', company: 'Acme' } },
  });
  happy = answer(9, survey, { comment: 'Great' });
  await send(happy, late, answer(6, survey));
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await served?.close();
});
afterEach(async () => {
  await context?.close();
});

async function open(path = '/', options: Parameters<Browser['newContext']>[0] = {}) {
  context = await browser.newContext({
    httpCredentials: { username: 'anyone', password: token },
    ...options,
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${served.url}${path}`);
  return { page, errors };
}

const items = (page: Page) => page.locator('#inbox-items > li');
const statusOf = (page: Page, id: string) =>
  page.locator(`[id="inbox-${id}"] button[aria-pressed="true"]`).textContent();

describe('the follow-up inbox', () => {
  it('marks an answer contacted from the keyboard, and it stays contacted after a reload', async () => {
    const { page, errors } = await open();
    const first = items(page).first();
    await expect
      .poll(() => first.locator('h3').textContent())
      .toBe('Score 2 (detractor) · checkout-nps');
    expect(await first.locator('q').textContent()).toBe('Delivery was two weeks late');
    expect(await first.textContent()).toContain('User customer-42');
    expect(await items(page).locator('h3').allTextContents()).toEqual([
      'Score 2 (detractor) · checkout-nps',
      'Score 6 (detractor) · checkout-nps',
      'Score 9 (promoter) · checkout-nps',
    ]);
    expect(await statusOf(page, late.id)).toBe('New');

    await page.getByLabel('Your name').fill('Ana');
    await page.getByLabel('Your name').press('Tab');
    const contacted = first.getByRole('button', { name: 'Contacted' });
    await contacted.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#inbox-note').textContent())
      .toBe('Marked contacted by Ana.');
    await expect.poll(() => statusOf(page, late.id)).toBe('Contacted');
    // Who and when come with the list drawn again from the collector.
    await expect.poll(() => first.textContent()).toMatch(/Contacted by Ana, /);
    // The list was drawn again; focus is still on the button pressed.
    expect(await contacted.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect
      .poll(() => page.locator('#inbox-summary').textContent())
      .toContain('(1 contacted)');

    await page.reload();
    await expect.poll(() => statusOf(page, late.id)).toBe('Contacted');
    expect(await page.getByLabel('Your name').inputValue()).toBe('Ana');
    // The status filter comes from the collector's own list.
    await page.getByLabel('Show').selectOption('contacted');
    await expect.poll(() => items(page).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('keeps open traits open and focus in place when a new answer arrives', async () => {
    const { page, errors } = await open();
    const item = page.locator(`[id="inbox-${late.id}"]`);
    const summary = item.getByText('Traits of this respondent (2)');
    await summary.click();
    await summary.focus();
    expect(await item.locator('dl').textContent()).toBe('planprocompanyAcme');
    await send(answer(0, survey, { comment: 'Broken' }));
    await expect
      .poll(() => items(page).first().locator('q').textContent(), { timeout: 10_000 })
      .toBe('Broken');
    expect(await item.locator('dl').isVisible()).toBe(true);
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('lands on the answer an alert links to, even when the filters hide it', async () => {
    const { page, errors } = await open(`/#inbox-${happy.id}`);
    const item = page.locator(`[id="inbox-${happy.id}"]`);
    await expect.poll(() => item.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await item.locator('q').textContent()).toBe('Great');
    // Nothing is resolved, yet the linked answer stays on screen.
    await page.getByLabel('Show').selectOption('resolved');
    await expect.poll(() => items(page).locator('q').allTextContents()).toEqual(['Great']);
    expect(errors).toEqual([]);
  });

  it('has no WCAG 2.2 A/AA violations in light, dark and at 375 px', async () => {
    const { page } = await open('/', { bypassCSP: true });
    await expect.poll(() => items(page).count()).toBeGreaterThan(2);
    for (const details of await page.locator('#inbox details').all()) {
      await details.locator('summary').click();
    }
    for (const [width, scheme] of [
      [1280, 'light'],
      [1280, 'dark'],
      [375, 'light'],
      [375, 'dark'],
    ] as const) {
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme: scheme });
      await page
        .locator('#inbox')
        .screenshot({ path: join(screens, `inbox-${width}-${scheme}.png`) });
      expect(await axeViolations(page), `${width} px, ${scheme}`).toEqual([]);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scroll, `${width} px, ${scheme}`).toBeLessThanOrEqual(width);
    }
  });
});
