import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchErrors } from '../browser/harness.js';
import { installPacked, packPackage } from '../fixtures/packed.js';
import { type AppServer, serveBuild, serveDev } from './appServer.js';

// Every package entry where users run it: the packed tarball installed into a Vite app
// (test/fixtures/vite-app), bundled by that app's own Vite for production and served by
// its dev server, answered in Chromium. Importing the entries in Node once missed that
// `import 'surveylet/element'` defined nothing after the library build dropped its side
// effect; a bundler and a browser are what notice.
let app: string;
let packFolder: string;
let browser: Browser;

interface Surface {
  name: string;
  path: string;
  question: string;
  radio: string;
  surveyId: string;
  score: number;
}

const surfaces: Surface[] = [
  {
    name: "the ESM API (import { createSurveylet } from 'surveylet')",
    path: '/esm.html',
    question: 'How likely are you to recommend Acme to a friend or colleague?',
    radio: '9',
    surveyId: 'esm-nps',
    score: 9,
  },
  {
    name: "the Preact component (import { Survey } from 'surveylet/preact')",
    path: '/preact.html',
    question: 'How much effort did you personally have to put forth?',
    radio: '2',
    surveyId: 'preact-ces',
    score: 2,
  },
  {
    name: "the custom element (import 'surveylet/element')",
    path: '/element.html',
    question: 'How satisfied are you with your experience today?',
    radio: '4',
    surveyId: 'element-csat',
    score: 4,
  },
  {
    name: 'the script tag (surveylet/surveylet.js with data-endpoint)',
    path: '/script-tag.html',
    question: 'How likely are you to recommend Acme to a friend or colleague?',
    radio: '7',
    surveyId: 'nps',
    score: 7,
  },
];

function vite(...args: string[]): string {
  // The fixture's own Vite, as `npx vite …` in the app would run it.
  return execFileSync(
    process.execPath,
    [join(app, 'node_modules', 'vite', 'bin', 'vite.js'), ...args],
    {
      cwd: app,
      encoding: 'utf8',
    },
  );
}

beforeAll(async () => {
  const { tarball, folder } = packPackage();
  packFolder = folder;
  app = installPacked(tarball, 'vite-app');
  vite('build', '--logLevel', 'error');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (packFolder) rmSync(packFolder, { recursive: true, force: true });
});

/** Opens a surface's page, checks the question is there, answers it and waits for the batch. */
async function answer(site: AppServer, surface: Surface): Promise<void> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}${surface.path}`);
    if (surface.path === '/element.html') {
      // Module scripts have run by `load`: an element that is not defined by now never will be.
      const defined = await page.evaluate(
        () => customElements.get('surveylet-survey') !== undefined,
      );
      expect(defined, "import 'surveylet/element' defines <surveylet-survey>").toBe(true);
    }
    const question = page.getByRole('radiogroup', { name: surface.question });
    await question.waitFor({ timeout: 10_000 });
    await question.getByRole('radio', { name: surface.radio, exact: true }).click();

    await expect.poll(() => site.responses().length).toBeGreaterThan(0);
    expect(site.responses()).toEqual([
      expect.objectContaining({ surveyId: surface.surveyId, score: surface.score, revision: 1 }),
    ]);
    expect(site.batches[0]).toMatchObject({ v: 1 });
    expect(errors).toEqual([]);
    expect(site.warnings).toEqual([]);
  } finally {
    await context.close();
  }
}

// The same surfaces both ways an app is served: the original bug showed in each.
const modes: [string, (app: string) => Promise<AppServer>][] = [
  ['a Vite production build (vite build, static files)', serveBuild],
  ['the Vite dev server', serveDev],
];

for (const [mode, serve] of modes) {
  describe(`the packed package in ${mode}`, () => {
    let site: AppServer;
    beforeAll(async () => {
      site = await serve(app);
    });
    afterAll(async () => {
      await site?.close();
    });

    for (const surface of surfaces) {
      it(`shows and delivers ${surface.name}`, async () => {
        site.batches.length = 0;
        await answer(site, surface);
      });
    }
  });
}

describe('surveylet/collector in a Vite SSR build', () => {
  it('resolves, bundles without a database driver, and runs in Node', () => {
    // ssr/collector.js uses toNodeListener and verifyWebhook; the fixture bundles surveylet
    // into the server output (ssr.noExternal), so Vite itself must resolve the entry.
    vite('build', '--ssr', 'ssr/collector.js', '--outDir', 'dist/ssr', '--logLevel', 'error');
    const built = readFileSync(join(app, 'dist', 'ssr', 'collector.js'), 'utf8');
    expect(built).not.toMatch(/from ["']surveylet/);
    // Neither optional peer is needed by these two functions, so neither is shipped.
    expect(built).not.toContain('pglite');
    expect(built).not.toMatch(/import\(["']pg["']\)/);

    const out = execFileSync(process.execPath, [join(app, 'dist', 'ssr', 'collector.js')], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ status: 200, body: 'collector here', forged: false });
  });
});
