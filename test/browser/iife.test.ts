import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  axeViolations,
  htmlPage,
  launchChromium,
  settled,
  startSite,
  type TestSite,
  watchErrors,
  widgetLoaded,
} from './harness.js';

interface LayoutShift {
  value: number;
  hadRecentInput: boolean;
}

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
  context = await browser.newContext();
  page = await context.newPage();
  errors = watchErrors(page);
});
afterEach(async () => {
  await context.close();
});

function scriptTag(attributes: string) {
  return `<script async src="/surveylet.js" data-endpoint="/collect" ${attributes}></script>`;
}

async function open(path: string, body: string, head = '', lang = 'en', headers = {}) {
  site.page(path, { html: htmlPage(body, head, lang), headers });
  await page.goto(`${site.url}${path}`);
}

describe('dist/surveylet.js in a plain HTML page', () => {
  it('answers an NPS survey from the one-line script tag and delivers both revisions', async () => {
    await open('/nps.html', '<h1>Shop</h1>', scriptTag('data-survey="nps" data-brand="Acme"'));
    const card = page.getByRole('region', { name: 'Feedback survey' });
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await page.locator('p.question').textContent()).toBe(
      'How likely are you to recommend Acme to a friend or colleague?',
    );

    await page.getByRole('radio', { name: '9' }).click();
    await expect.poll(() => site.responses().length).toBe(1);
    await page.getByRole('textbox', { name: 'What do you like most?' }).fill('Quick checkout');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => site.responses().length).toBe(2);

    const [first, second] = site.responses();
    expect(first).toMatchObject({
      surveyId: 'nps',
      revision: 1,
      score: 9,
      category: 'promoter',
      complete: false,
    });
    expect(second).toMatchObject({
      id: first?.id,
      revision: 2,
      comment: 'Quick checkout',
      complete: true,
    });
    expect(first?.page.url).toBe(`${site.url}/nps.html`);
    expect(site.batches[0]).toMatchObject({ v: 1 });
    await expect
      .poll(() => page.locator('p.thanks').textContent())
      .toBe('Thank you for your feedback!');
    // The thank-you is announced politely too, for screen-reader users whose focus is elsewhere.
    expect(await page.locator('[aria-live="polite"]').textContent()).toBe(
      'Thank you for your feedback!',
    );
    expect(errors).toEqual([]);
  });

  it('replays the command queue snippet and is answered with the keyboard alone', async () => {
    const snippet = `<script>
      window.surveylet = window.surveylet || function () { (surveylet.q = surveylet.q || []).push(arguments) };
      surveylet('init', { endpoint: '/collect', surveys: [{ id: 'csat', type: 'csat', followUp: { required: false } }] });
      surveylet('identify', 'user-42', { plan: 'pro' });
    </script><script async src="/surveylet.js"></script>`;
    await open('/queue.html', '<button id="before">Before</button>', snippet);
    const first = page.getByRole('radio', { name: '1, Very dissatisfied' });
    await first.waitFor();
    // A corner popover never takes focus when it appears.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');

    await page.focus('#before');
    await page.keyboard.press('Tab'); // the close button
    await page.keyboard.press('Tab'); // the scale's tab stop
    expect(
      await first.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement),
    ).toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => site.responses().length).toBe(1);
    expect(site.responses()[0]).toMatchObject({
      score: 4,
      user: { id: 'user-42', traits: { plan: 'pro' } },
    });

    await page.keyboard.type('Works well');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => site.responses().length).toBe(2);
    expect(site.responses()[1]).toMatchObject({ comment: 'Works well', revision: 2 });
    expect(errors).toEqual([]);
  });

  it('closes on Esc and returns focus to where it was from the center modal', async () => {
    await open(
      '/modal.html',
      '<button id="opener">Open</button>',
      `<script async src="/surveylet.js"></script><script>
        window.surveylet = function () { (surveylet.q = surveylet.q || []).push(arguments) };
        surveylet('init', { endpoint: '/collect', surveys: [{ id: 'ces', type: 'ces', position: 'center', trigger: { event: 'open' } }] });
        addEventListener('DOMContentLoaded', () => document.getElementById('opener').onclick = () => surveylet('track', 'open'));
      </script>`,
    );
    await page.click('#opener');
    const dialog = page.getByRole('dialog', { name: 'Feedback survey' });
    await dialog.waitFor();
    expect(await dialog.evaluate((el) => (el as HTMLDialogElement).open)).toBe(true);
    // Focus moved into the modal: Tab cycles inside it.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-surveylet'))).toBe(
      true,
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('opener');
  });

  it('lays Arabic out right to left, where ArrowLeft moves up the scale', async () => {
    await open('/ar.html', '<h1>متجر</h1>', scriptTag('data-survey="nps"'), 'ar');
    const zero = page.getByRole('radio', { name: '0, غير محتمل على الإطلاق' });
    await zero.waitFor();
    const ten = page.getByRole('radio', { name: '10, محتمل للغاية' });
    const [zeroBox, tenBox] = [await zero.boundingBox(), await ten.boundingBox()];
    expect(zeroBox && tenBox && zeroBox.x > tenBox.x).toBe(true);
    await zero.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await expect.poll(() => site.responses()[0]?.score).toBe(1);
    expect(site.responses()[0]?.locale).toBe('ar');
  });

  it('defines <surveylet-survey> for inline surveys, drawn before the first paint by the single file', async () => {
    // The single file draws the element in the parser's task, so nothing below it moves.
    // The loader fetches the UI first (test/browser/loader.test.ts), and the element's
    // arrival then shifts the text below it: README sends inline surveys to the single file.
    await open(
      '/element.html',
      '<p id="above">Above</p><surveylet-survey survey="ces" variant="effort" endpoint="/collect"></surveylet-survey><p id="below">Below</p>',
      '<script src="/surveylet.bundle.js"></script>',
    );
    const radios = page.getByRole('radio');
    await expect.poll(() => radios.count()).toBe(5);
    await page.getByRole('radio', { name: '2' }).click();
    await page.getByRole('textbox').fill('Hard to find');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('p.thanks').waitFor();
    await expect.poll(() => site.responses().length).toBe(2);
    expect(site.responses()[0]).toMatchObject({ type: 'ces', variant: 'effort', score: 2 });
    // Only shifts the respondent did not cause count against the page (CLS).
    const unexpectedShift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as unknown as LayoutShift[]) {
              if (!entry.hadRecentInput) total += entry.value;
            }
          }).observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(total), 200);
        }),
    );
    expect(unexpectedShift).toBe(0);
  });

  it('works under a strict CSP without unsafe-inline, styled by adopted stylesheets', async () => {
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { reportViolation(v: string): void }).reportViolation(
          `${e.violatedDirective} ${e.blockedURI}`,
        ),
      ),
    );
    await open('/csp.html', '<h1>Strict</h1>', scriptTag('data-survey="csat"'), 'en', {
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'",
    });
    const option = page.getByRole('radio', { name: '3' });
    await option.waitFor();
    expect(await option.evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).toBe('8px');
    await option.click();
    await expect.poll(() => site.responses().length).toBe(1);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('keeps host CSS out: hostile global rules change nothing in the card', async () => {
    const hostile =
      '<style>html{font-size:8px} div{font-size:40px !important;color:red !important} button{display:none !important} *{letter-spacing:3px}</style>';
    await open('/hostile.html', '<div>Host</div>', hostile + scriptTag('data-survey="nps"'));
    const option = page.getByRole('radio', { name: '5' });
    await option.waitFor();
    expect(await option.isVisible()).toBe(true);
    const styles = await option.evaluate((el) => {
      const card = (el.getRootNode() as ShadowRoot).querySelector('.card') as Element;
      return [
        getComputedStyle(card).fontSize,
        getComputedStyle(el).letterSpacing,
        getComputedStyle(card).color,
      ];
    });
    expect(styles).toEqual(['15px', 'normal', 'rgb(31, 35, 40)']);
  });
});

describe('accessibility in Chromium', () => {
  const states = [
    ['nps, light', 'data-survey="nps"', 'en', 'light'],
    ['csat stars, dark', 'data-survey="csat"', 'en', 'dark'],
    ['ces, Arabic', 'data-survey="ces"', 'ar', 'light'],
    ['nps center modal', 'data-survey="nps" data-position="center"', 'en', 'dark'],
  ] as const;

  it.each(states)(
    'has no WCAG A/AA violations on each step: %s',
    async (_name, attrs, lang, scheme) => {
      await page.emulateMedia({ colorScheme: scheme });
      await open(
        `/axe-${lang}-${scheme}.html`,
        '<main><h1>Host</h1></main>',
        scriptTag(attrs),
        lang,
      );
      await page.getByRole('radio').first().waitFor();
      await settled(page); // contrast is read at full opacity
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('radio').nth(2).click();
      await page.getByRole('textbox').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: /Send|إرسال/ }).click();
      await page.locator('p.thanks').waitFor();
      expect(await axeViolations(page)).toEqual([]);
    },
  );

  it('has targets of at least 24×24 px and a bottom sheet on a 320 px phone', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    await open('/phone.html', '<h1>Phone</h1>', scriptTag('data-survey="nps"'));
    const radios = page.getByRole('radio');
    await radios.first().waitFor();
    const boxes = await radios.evaluateAll((els) =>
      els.map((el) => el.getBoundingClientRect().toJSON()),
    );
    for (const box of boxes) {
      expect(box.width).toBeGreaterThanOrEqual(24);
      expect(box.height).toBeGreaterThanOrEqual(24);
      expect(box.right).toBeLessThanOrEqual(320);
    }
    await settled(page);
    const card = await page.getByRole('region', { name: 'Feedback survey' }).boundingBox();
    expect(card).toMatchObject({ x: 0, width: 320 });
    expect(Math.round((card?.y ?? 0) + (card?.height ?? 0))).toBe(640);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('honours reduced motion and stays usable in forced colors', async () => {
    await page.emulateMedia({ reducedMotion: 'reduce', forcedColors: 'active' });
    await open('/motion.html', '<h1>Host</h1>', scriptTag('data-survey="csat"'));
    const option = page.getByRole('radio', { name: '4' });
    await option.waitFor();
    const card = page.getByRole('region', { name: 'Feedback survey' });
    expect(await card.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
    await option.focus();
    await page.keyboard.press('ArrowRight');
    const checked = page.getByRole('radio', { name: '5, Very satisfied' });
    const [bg, cardBg] = await Promise.all([
      checked.evaluate((el) => getComputedStyle(el).backgroundColor),
      card.evaluate((el) => getComputedStyle(el).backgroundColor),
    ]);
    expect(bg).not.toBe(cardBg);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('targeting in Chromium', () => {
  it('shows a survey once the visitor scrolls past its scrollPercent', async () => {
    const config = JSON.stringify({
      endpoint: '/collect',
      surveys: [{ id: 'scroll', type: 'csat', trigger: { scrollPercent: 60 } }],
    });
    await open(
      '/long.html',
      '<main style="height:4000px">Long article</main>',
      `<script>window.surveylet = function () { (surveylet.q = surveylet.q || []).push(arguments) }; surveylet('init', ${config});</script><script async src="/surveylet.js"></script>`,
    );
    await widgetLoaded(page);
    await page.waitForTimeout(300);
    expect(await page.locator('[data-surveylet]').count()).toBe(0);
    await page.mouse.wheel(0, 2000);
    await page.getByRole('radio', { name: '1, Very dissatisfied' }).waitFor();
  });

  it('follows single-page-app navigation to the URL a survey includes', async () => {
    const config = JSON.stringify({
      endpoint: '/collect',
      surveys: [{ id: 'checkout', type: 'nps', trigger: { urls: { include: ['/checkout/*'] } } }],
    });
    await open(
      '/spa.html',
      '<button id="go">Checkout</button>',
      `<script>window.surveylet = function () { (surveylet.q = surveylet.q || []).push(arguments) }; surveylet('init', ${config});
        addEventListener('DOMContentLoaded', () => document.getElementById('go').onclick = () => history.pushState({}, '', '/checkout/done'));</script><script async src="/surveylet.js"></script>`,
    );
    await widgetLoaded(page);
    await page.waitForTimeout(300);
    expect(await page.locator('[data-surveylet]').count()).toBe(0);
    await page.click('#go');
    await page.getByRole('radio', { name: '0, Not at all likely' }).waitFor();
  });
});
