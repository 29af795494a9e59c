import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, watchErrors } from './harness.js';

// `npm run demo` end to end: the demo server with the collector on PGlite, a person
// answering on a demo page, and the results page and API showing the answer.
let server: ChildProcess;
let base: string;
let browser: Browser;
const data = mkdtempSync(join(tmpdir(), 'surveylet-demo-'));

beforeAll(async () => {
  const root = join(import.meta.dirname, '..', '..');
  server = spawn(process.execPath, ['demo/server.js'], {
    cwd: root,
    env: { ...process.env, PORT: '0', SURVEYLET_DATA: data, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (chunk) => {
      out += chunk;
      const match = /Surveylet demo: (http:\/\/[^/\s]+)\//.exec(out);
      if (match) resolve(match[1] as string);
    });
    server.on('exit', (code) => reject(new Error(`demo server exited with ${code}`)));
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(data, { recursive: true, force: true });
});

describe('the demo', () => {
  it('stores an answer given on a demo page and shows it on the results page', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/survey.html?type=csat`);
    await page.getByRole('radio', { name: '5, Very satisfied' }).click();
    await page.getByRole('textbox').fill('Lovely checkout');
    await page.getByRole('button', { name: 'Send' }).click();

    const latest = async () =>
      (await (await fetch(`${base}/collect/results?surveyId=demo-csat`)).json()).surveys[0];
    // Revision 1 (the score) may land first; wait for revision 2 with the comment.
    await expect
      .poll(async () => (await latest())?.comments?.[0]?.comment, { timeout: 10_000 })
      .toBe('Lovely checkout');
    expect(await latest()).toMatchObject({ count: 1, metric: { name: 'csat', value: 100 } });

    // The results page the package ships, served by the collector command's server.
    const reader = await browser.newPage({ bypassCSP: true });
    const readerErrors = watchErrors(reader);
    await reader.goto(`${base}/results.html`);
    await expect
      .poll(() => reader.locator('.metric').first().textContent(), { timeout: 10_000 })
      // One answer is too few for a headline: the page says so instead of a big "100%".
      .toBe('CSAT: too few answers to tell (n = 1)');
    expect(
      await reader.locator('#surveys').getByText('Lovely checkout', { exact: true }).isVisible(),
    ).toBe(true);
    // The same answer waits in the follow-up inbox (a CSAT 5 is not unhappy, so last).
    expect(await reader.locator('#inbox-items q').last().textContent()).toBe('Lovely checkout');
    // The results page is for people too: no WCAG A/AA violation, also on a phone
    // (axe is injected as a script, hence a context that bypasses the page's CSP).
    for (const width of [1000, 360]) {
      await reader.setViewportSize({ width, height: 800 });
      expect(await axeViolations(reader), `at ${width} px`).toEqual([]);
    }
    expect(readerErrors).toEqual([]);
    const csv = await (await fetch(`${base}/collect/export.csv`)).text();
    expect(csv).toContain('Lovely checkout');
    expect(errors).toEqual([]);
  });

  it('works on the strict-CSP page', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/strict-csp.html`);
    await page.getByRole('radio', { name: '4' }).click();
    await expect
      .poll(
        async () =>
          (await (await fetch(`${base}/collect/results?surveyId=demo-csp`)).json()).surveys[0]
            ?.count,
        {
          timeout: 10_000,
        },
      )
      .toBe(1);
    expect(errors).toEqual([]);
  });
});
