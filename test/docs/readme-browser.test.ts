import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlPage, launchChromium, watchErrors } from '../browser/harness.js';
import { installPacked, packPackage } from '../fixtures/packed.js';
import { type AppServer, serveBuild } from '../package/appServer.js';
import { snippet } from './snippets.js';

// README.md's browser snippets as a reader pastes them: into pages of a Vite app that
// installed the packed package (test/fixtures/vite-app), bundled by the app's own Vite
// where they import by package name, and run in Chromium. Only the addresses change: the
// CDN's script URL becomes the site's copy, every endpoint the test's collector.
let app: string;
let packFolder: string;
let site: AppServer;
let browser: Browser;

let sri = '';
const local = (code: string) =>
  code
    .replace(/https:\/\/cdn\.[^"']*\/surveylet\.js/g, '/surveylet.js')
    // The hash the build printed for this very file, where the README shows "sha384-…".
    .replaceAll('integrity="sha384-…"', `integrity="${sri}"`)
    .replaceAll('https://collect.example.com/responses', '/collect')
    .replaceAll('/api/feedback', '/collect');

beforeAll(async () => {
  const { tarball, folder } = packPackage();
  packFolder = folder;
  app = installPacked(tarball, 'vite-app');
  sri = readFileSync(
    join(app, 'node_modules', 'surveylet', 'dist', 'surveylet.js.sri'),
    'utf8',
  ).trim();
  expect(sri).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
  const src = join(app, 'snippets');
  rmSync(src, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  const write = (name: string, text: string) => writeFileSync(join(src, name), text);
  // Bundled pages: the snippets that import surveylet by name.
  write('esm.ts', `${local(snippet('readme-esm'))}\n(window as any).ranSnippet = true;\n`);
  write(
    'esm.html',
    htmlPage(
      '<main><h1>Shop</h1></main><script type="module" src="./esm.ts"></script>',
      '<script>window.analytics = { track: (...a) => console.log("analytics", ...a) };</script>',
    ),
  );
  write('components.tsx', local(snippet('readme-preact')));
  write(
    'preact-main.tsx',
    "import { render } from 'preact';\nimport { AfterCheckout, HelpArticle } from './components';\nrender(<><AfterCheckout /><HelpArticle /></>, document.getElementById('app') as HTMLElement);\n",
  );
  write(
    'preact.html',
    htmlPage('<div id="app"></div><script type="module" src="./preact-main.tsx"></script>'),
  );
  write('element.html', htmlPage(local(snippet('readme-element'))));
  const vite = (await import(
    pathToFileURL(join(app, 'node_modules', 'vite', 'dist', 'node', 'index.js')).href
  )) as typeof import('vite');
  const jsx = { runtime: 'automatic', importSource: 'preact' } as const;
  await vite.build({
    root: src,
    configFile: false,
    logLevel: 'error',
    oxc: { jsx },
    build: {
      outDir: join(src, 'dist'),
      rolldownOptions: {
        input: ['esm.html', 'preact.html', 'element.html'].map((n) => join(src, n)),
      },
    },
  });
  // Plain pages: the script tag and the command queue need no bundler.
  const dist = join(src, 'dist');
  writeFileSync(
    join(dist, 'script-tag.html'),
    htmlPage(
      `<main><h1>Shop</h1></main>${local(snippet('readme-script-tag'))}`,
      `<style>${snippet('readme-theme-css')}</style>`,
    ),
  );
  writeFileSync(
    join(dist, 'queue.html'),
    htmlPage(`<main><h1>Shop</h1></main>${local(snippet('readme-command-queue'))}`),
  );
  site = await serveBuild(app, dist);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (app) rmSync(join(app, 'snippets'), { recursive: true, force: true });
  if (packFolder) rmSync(packFolder, { recursive: true, force: true });
});

/** Opens a page in a fresh context; returns it with the errors and logs it produced. */
async function open(path: string) {
  site.batches.length = 0;
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const logs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'log') logs.push(message.text());
  });
  await page.goto(`${site.url}${path}`);
  return { page, errors, logs, close: () => context.close() };
}

/** Answers the question named `question` with `score` and waits for the collector to have it. */
async function answer(page: Page, question: string, score: string, surveyId: string) {
  const group = page.getByRole('radiogroup', { name: question });
  await group.getByRole('radio', { name: score, exact: true }).click();
  await expect.poll(() => site.responses().map((r) => r.surveyId)).toContain(surveyId);
}

describe("README.md's browser snippets, run in Chromium", () => {
  it('readme-script-tag and readme-theme-css: the tag shows an NPS for the brand, themed by ::part', async () => {
    const { page, errors, close } = await open('/script-tag.html');
    // Loaded with the integrity check the README shows, against the shipped hash. Only the
    // tag's own script: the UI script the loader adds (also pinned) is there until it loads.
    expect(await page.locator('script[src="/surveylet.js"][integrity^="sha384-"]').count()).toBe(1);
    const question = 'How likely are you to recommend Acme to a friend or colleague?';
    const option = page
      .getByRole('radiogroup', { name: question })
      .getByRole('radio', { name: '8', exact: true });
    await option.waitFor();
    expect(await option.evaluate((el) => getComputedStyle(el).borderRadius)).toBe('50%');
    await answer(page, question, '8', 'nps');
    expect(errors).toEqual([]);
    await close();
  });

  it('readme-command-queue: calls made before the script loads run, and `track` fires the survey', async () => {
    const { page, errors, logs, close } = await open('/queue.html');
    await page.waitForFunction(
      () => (window as unknown as { surveylet: { loaded?: boolean } }).surveylet.loaded === true,
    );
    await page.evaluate(() =>
      (window as unknown as { surveylet(...a: unknown[]): void }).surveylet(
        'track',
        'checkout_completed',
      ),
    );
    await answer(
      page,
      'How satisfied are you with your experience today?',
      '4',
      'post-checkout-csat',
    );
    await page.getByRole('button', { name: 'Send' }).click(); // the flow ends: `submitted`
    expect(site.responses()[0]?.user).toMatchObject({ id: 'user-42', traits: { plan: 'pro' } });
    await expect.poll(() => logs.length).toBeGreaterThan(0); // the `submitted` listener
    expect(errors).toEqual([]);
    await close();
  });

  it('readme-esm: creates, listens, shows and destroys, leaving nothing behind', async () => {
    const { page, errors, close } = await open('/esm.html');
    await page.waitForFunction(
      () => (window as unknown as { ranSnippet?: boolean }).ranSnippet === true,
    );
    expect(await page.locator('[data-surveylet]').count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });

  it('readme-preact: both components render, and an answer reaches the endpoint and onSubmitted', async () => {
    const { page, errors, logs, close } = await open('/preact.html');
    await page
      .getByRole('radiogroup', { name: 'How much effort did you personally have to put forth?' })
      .waitFor();
    await answer(page, 'How satisfied are you with your experience today?', '4', 'csat');
    await page.getByRole('button', { name: 'Send' }).click(); // the flow ends: onSubmitted
    await expect.poll(() => logs).toContain('answered 4');
    expect(errors).toEqual([]);
    await close();
  });

  it('readme-element: the element is defined, shows stars and delivers', async () => {
    const { page, errors, close } = await open('/element.html');
    await answer(page, 'How satisfied are you with your experience today?', '3', 'help-article');
    expect(errors).toEqual([]);
    await close();
  });
});
