import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  axeViolations,
  htmlPage,
  launchChromium,
  settled,
  startSite,
  type TestSite,
} from './harness.js';

// The accessibility audit: axe-core (WCAG 2.0–2.2 A/AA) on every step of every type
// and style, in each position, light and dark, right to left, on a 320 px phone and in
// forced colors; keyboard-only journeys; and a screenshot of each state for people.
const screens = join(import.meta.dirname, '..', '..', 'test-results', 'screens');
mkdirSync(screens, { recursive: true });

let browser: Browser;
let site: TestSite;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  site = await startSite();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});
beforeEach(async () => {
  site.stored.clear();
  site.batches.length = 0;
  context = await browser.newContext();
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

interface State {
  name: string;
  survey: Record<string, unknown>;
  lang?: string;
  scheme?: 'light' | 'dark';
  width?: number;
  forcedColors?: boolean;
}

async function open(state: State) {
  await page.setViewportSize({ width: state.width ?? 1024, height: 720 });
  await page.emulateMedia({
    colorScheme: state.scheme ?? 'light',
    forcedColors: state.forcedColors ? 'active' : 'none',
  });
  const config = {
    endpoint: '/collect',
    minDaysBetweenSurveys: 0,
    surveys: [{ id: 's', recontactDays: 0, ...state.survey }],
  };
  site.page(`/a11y-${state.name}.js`, {
    html: `window.surveylet = function () { (surveylet.q = surveylet.q || []).push(arguments) }; surveylet('init', ${JSON.stringify(config)});`,
    headers: { 'Content-Type': 'text/javascript' },
  });
  site.page(`/a11y-${state.name}.html`, {
    html: htmlPage(
      '<main><h1>Host page</h1><p>Some content.</p></main>',
      `<script src="/a11y-${state.name}.js"></script><script async src="/surveylet.js"></script>`,
      state.lang ?? 'en',
    ),
  });
  await page.goto(`${site.url}/a11y-${state.name}.html`);
  await page.getByRole('radio').first().waitFor();
  await settled(page);
}

async function audit(name: string) {
  await page.screenshot({ path: join(screens, `${name}.png`) });
  expect(await axeViolations(page), name).toEqual([]);
}

/** Every step: the score, the follow-up, the thank-you. */
async function everyStep(state: State) {
  await open(state);
  await audit(`${state.name}-1-score`);
  await page.getByRole('radio').nth(1).click();
  await page.getByRole('textbox').waitFor();
  await settled(page);
  await audit(`${state.name}-2-follow-up`);
  await page.getByRole('button', { name: /Send|إرسال/ }).click();
  await page.locator('p.thanks').waitFor();
  await audit(`${state.name}-3-thanks`);
}

const kinds: [string, Record<string, unknown>][] = [
  ['nps', { type: 'nps' }],
  ['csat-numbers', { type: 'csat' }],
  ['csat-stars', { type: 'csat', style: 'stars' }],
  ['csat-emoji', { type: 'csat', style: 'emoji' }],
  ['ces-agreement', { type: 'ces' }],
  ['ces-effort', { type: 'ces', variant: 'effort' }],
];

describe('axe on every step', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it.each(kinds)(`%s, ${scheme}`, async (kind, survey) => {
      await everyStep({ name: `${kind}-${scheme}`, survey, scheme });
    });
  }

  it.each(['bottom-left', 'top-right', 'top-left', 'center'])('position %s', async (position) => {
    await everyStep({ name: `nps-${position}`, survey: { type: 'nps', position } });
  });

  it.each(kinds)('%s in Arabic, right to left', async (kind, survey) => {
    await everyStep({ name: `${kind}-ar`, survey, lang: 'ar' });
  });

  it.each(kinds)('%s on a 320 px phone (as at 400 %% zoom)', async (kind, survey) => {
    await everyStep({ name: `${kind}-320px`, survey, width: 320 });
  });

  it.each(kinds)('%s in forced colors', async (kind, survey) => {
    await everyStep({ name: `${kind}-forced-colors`, survey, forcedColors: true });
  });
});

describe('keyboard only', () => {
  it.each([
    ['nps', { type: 'nps' }, 8, '8'],
    ['csat', { type: 'csat', style: 'stars' }, 3, '4'],
    ['ces', { type: 'ces' }, 5, '6'],
  ] as const)(
    'answers %s with Tab, arrows, Enter and typing, never stealing focus',
    async (kind, survey, rights, chosen) => {
      await open({ name: `keys-${kind}`, survey });
      // The popover appeared without taking focus.
      expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
      await page.keyboard.press('Tab'); // close button
      await page.keyboard.press('Tab'); // the scale's tab stop
      for (let i = 0; i < rights; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Space');
      await page.getByRole('textbox').waitFor();
      await page.keyboard.type('Typed with the keyboard');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => [...site.stored.values()].at(-1)?.comment, { timeout: 10_000 })
        .toBe('Typed with the keyboard');
      expect(String([...site.stored.values()].at(-1)?.score)).toBe(chosen);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('[data-surveylet]').count()).toBe(0);
    },
  );
});
