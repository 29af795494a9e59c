// What a widget costs the page that carries it, measured in Chromium: one content page,
// loaded in fresh contexts (nothing cached) without a widget, with Surveylet's loader
// (nothing due, or a survey shown), with its single file, and with posthog-js.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { htmlPage, type TestSite } from '../browser/harness.js';

/** The peers' npm packages, kept out of the main install (test/bench/peers/package.json). */
export const peersDir = join(import.meta.dirname, 'peers');

/** Installs the peers' packages on first use (a fresh clone has none). */
export function installPeers(): void {
  if (!existsSync(join(peersDir, 'node_modules'))) {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: peersDir,
      stdio: 'ignore',
    });
  }
}

/** A file of a peer's package, installing the peers on first use. */
export function peerFile(...parts: string[]): Buffer {
  installPeers();
  return readFileSync(join(peersDir, 'node_modules', ...parts));
}

/** The pages compared, one column each. */
export const columns = ['without', 'nothingDue', 'loaderShown', 'bundleShown', 'posthog'] as const;
export type Column = (typeof columns)[number];

export interface Setup {
  path: string;
  /** Head markup: the widget's tags, or none. */
  head: string;
  /** Whether a survey is triggered once the page has loaded, and timed until painted. */
  shows: boolean;
  /** The Surveylet files the page must ask for, in order (counted by the site). */
  serves: string[];
}

/**
 * The queue stub and the async script tag, as README tells hosts to write them; the
 * survey waits for `track('ask')`, on the pages its `urls` allow (all when unset).
 */
function surveyletTags(file: string, urls?: { include: string[] }): string {
  const config = {
    endpoint: '/collect',
    surveys: [{ id: 'nps', type: 'nps', trigger: { event: 'ask', urls } }],
  };
  return `<script>window.surveylet = function () { (surveylet.q = surveylet.q || []).push(arguments) };
    surveylet('init', ${JSON.stringify(config)});</script>
    <script async src="/${file}"></script>`;
}

/**
 * posthog-js from its package's array.js, started the way its snippet does (the queue
 * `window.posthog._i` holds the init call) with a made-up token. Its API host is this
 * site, which answers 404, so nothing leaves the machine and no remote config arrives:
 * its survey code (surveys.js, fetched when a project has surveys) is not loaded.
 */
function posthogTags(site: TestSite): string {
  const init = [['phc_bench_not_a_real_token', { api_host: `${site.url}/posthog` }]];
  return `<script>window.posthog = Object.assign([], { _i: ${JSON.stringify(init)}, init() {} });</script>
    <script async src="/posthog-array.js"></script>`;
}

/** Registers the pages on the site: the same content, each with its widget. */
export function benchPages(site: TestSite): Record<Column, Setup> {
  const setups: Record<Column, Setup> = {
    without: { path: '/bench/without.html', head: '', shows: false, serves: [] },
    // A survey for the checkout pages only: on this page nothing is armed, so the UI
    // file must never be fetched.
    nothingDue: {
      path: '/bench/nothing-due.html',
      head: surveyletTags('surveylet.js', { include: ['/checkout/*'] }),
      shows: false,
      serves: ['/surveylet.js'],
    },
    // Armed at load, so the loader fetches its UI ahead of the trigger.
    loaderShown: {
      path: '/bench/loader.html',
      head: surveyletTags('surveylet.js'),
      shows: true,
      serves: ['/surveylet.js', '/surveylet-ui.js', '/surveylet-en.js'],
    },
    bundleShown: {
      path: '/bench/bundle.html',
      head: surveyletTags('surveylet.bundle.js'),
      shows: true,
      serves: ['/surveylet.bundle.js'],
    },
    posthog: { path: '/bench/posthog.html', head: posthogTags(site), shows: false, serves: [] },
  };
  const content = `<main><h1>Shop</h1>${'<p>Product description and reviews.</p>'.repeat(50)}</main>`;
  for (const { path, head } of Object.values(setups)) {
    site.page(path, { html: htmlPage(content, head) });
  }
  site.page('/posthog-array.js', {
    html: peerFile('posthog-js', 'dist', 'array.js').toString(),
    headers: { 'Content-Type': 'text/javascript' },
  });
  return setups;
}

/** Runs in the page before its own scripts: sums layout shifts and records long tasks. */
function observe() {
  const w = window as unknown as { shifts: number; longTasks: number[] };
  w.shifts = 0;
  w.longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as unknown as {
      value: number;
      hadRecentInput: boolean;
    }[]) {
      if (!entry.hadRecentInput) w.shifts += entry.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
}

type Widget = { surveylet(...a: unknown[]): unknown };

/**
 * Waits until the survey is armed (and, from the loader, its UI fetched and run), then
 * times `track('ask')` until the card is in the shadow root and two frames have painted.
 */
async function triggerToPainted(
  page: Page,
  fromLoader: boolean,
): Promise<{ eligible: boolean; paint: number }> {
  const eligible = await page.evaluate(async () => {
    const w = window as unknown as Widget;
    return ((await w.surveylet('explain', 'nps')) as { eligible: boolean }).eligible;
  });
  if (fromLoader) {
    // The loader removes the <script> of the UI and of its wording once each has loaded
    // and handed itself over.
    await page.waitForFunction(() => {
      const loaded = performance.getEntriesByType('resource').map((e) => e.name);
      return (
        ['/surveylet-ui.js', '/surveylet-en.js'].every((file) =>
          loaded.some((name) => name.endsWith(file)),
        ) && !document.querySelector('script[src*="/surveylet-"]')
      );
    });
  }
  const paint = await page.evaluate(async () => {
    const start = performance.now();
    (window as unknown as Widget).surveylet('track', 'ask');
    while (!document.querySelector('[data-surveylet]')?.shadowRoot?.querySelector('.card')) {
      await new Promise((r) => setTimeout(r, 1));
    }
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - start;
  });
  return { eligible, paint };
}

/** One load of one page at 4× CPU throttling, in a fresh context. */
async function sample(browser: Browser, site: TestSite, setup: Setup) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = new Set<string>();
  page.on('request', (request) => requests.add(new URL(request.url()).pathname));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Performance.enable');
  await page.addInitScript(observe);
  const servedBefore = site.served.length;
  await page.goto(`${site.url}${setup.path}`, { waitUntil: 'load' });
  const shown = setup.shows
    ? await triggerToPainted(page, setup.serves.includes('/surveylet-ui.js'))
    : { eligible: false, paint: 0 };
  await page.waitForTimeout(500);
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) =>
    metrics.find((m: { name: string }) => m.name === name)?.value ?? 0;
  const observed = await page.evaluate(() => {
    const w = window as unknown as { shifts: number; longTasks: number[] };
    return { shifts: w.shifts, longTasks: w.longTasks.filter((d) => d > 50).length };
  });
  // Asked after the figures are read, so it costs the page nothing measured.
  const reasons = setup.serves.length
    ? await page.evaluate(async () => {
        const w = window as unknown as Widget;
        const explained = (await w.surveylet('explain', 'nps')) as { reasons: { rule: string }[] };
        return explained.reasons.map((r) => r.rule);
      })
    : [];
  await context.close();
  requests.delete(setup.path);
  requests.delete('/favicon.ico');
  return {
    script: metric('ScriptDuration') * 1000,
    heap: metric('JSHeapUsedSize'),
    ...observed,
    ...shown,
    reasons,
    /** The Surveylet files this load asked for. */
    served: site.served.slice(servedBefore),
    /** Every path the page asked the site for, besides itself. */
    requests: [...requests],
  };
}

export type Sample = Awaited<ReturnType<typeof sample>>;

/** `loads` loads of every page, taken in turns so that a busy moment hits all alike. */
export async function measurePageCost(
  browser: Browser,
  site: TestSite,
  setups: Record<Column, Setup>,
  loads: number,
): Promise<Record<Column, Sample[]>> {
  const samples = Object.fromEntries(columns.map((c) => [c, [] as Sample[]])) as Record<
    Column,
    Sample[]
  >;
  for (let i = 0; i < loads; i++) {
    for (const column of columns) samples[column].push(await sample(browser, site, setups[column]));
  }
  return samples;
}

/**
 * A page left alone after start-up (load, idle callback, first outbox pass): the
 * timers it sets and the main thread's task time over `idleMs`.
 */
export async function idlePage(browser: Browser, url: string, idleMs: number) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { timers: number; counting: boolean };
    w.timers = 0;
    w.counting = false;
    for (const name of [
      'setTimeout',
      'setInterval',
      'requestAnimationFrame',
      'requestIdleCallback',
    ] as const) {
      const original = (window as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
      if (!original) continue;
      (window as unknown as Record<string, unknown>)[name] = function (...args: unknown[]) {
        if (w.counting) w.timers++;
        return original.apply(this, args);
      };
    }
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find(
      (x: { name: string }) => x.name === 'TaskDuration',
    )?.value ?? 0;
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(6000); // start-up: load, idle callback and the first outbox pass
  const before = await taskSeconds();
  await page.evaluate(() => {
    (window as unknown as { counting: boolean }).counting = true;
  });
  await page.waitForTimeout(idleMs);
  const after = await taskSeconds();
  const timers = await page.evaluate(() => (window as unknown as { timers: number }).timers);
  await context.close();
  return { timers, taskMs: (after - before) * 1000 };
}
