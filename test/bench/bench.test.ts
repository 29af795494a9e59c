import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import type { Db } from '../../src/collector/store.js';
import { htmlPage, launchChromium, startSite, type TestSite } from '../browser/harness.js';
import { benchCollector, benchIngestDuringResults, benchResults } from './collector.js';

// `npm run bench` writes BENCHMARKS.md from this run: every figure is measured here.
// BENCH_QUICK=1 (what .ci/run uses) takes fewer loads and shorter windows.
const quick = Boolean(process.env.BENCH_QUICK);
const loads = quick ? 3 : 10;
const idleMs = quick ? 5_000 : 30_000;
const root = join(import.meta.dirname, '..', '..');
const report: string[] = [];
let browser: Browser;
let site: TestSite;

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};

beforeAll(async () => {
  browser = await launchChromium();
  site = await startSite();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  const header = [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\`${quick ? ' in quick mode (fewer loads, shorter windows)' : ''} on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, Debian Chromium. Nothing here is typed in.`,
    '',
  ];
  writeFileSync(join(root, 'BENCHMARKS.md'), `${[...header, ...report].join('\n')}\n`);
});

describe('bytes to show one NPS question by script tag', () => {
  it('measures Surveylet and the peers from their npm packages', async () => {
    const peers = join(import.meta.dirname, 'peers');
    if (!existsSync(join(peers, 'node_modules'))) {
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], {
        cwd: peers,
        stdio: 'ignore',
      });
    }
    const file = (...parts: string[]) => readFileSync(join(peers, 'node_modules', ...parts));
    const version = (name: string) =>
      JSON.parse(file(name, 'package.json').toString()).version as string;
    // Sprig ships an ES library whose UI loads in chunks: bundle everything it can load.
    const sprig = await build({
      logLevel: 'silent',
      configFile: false,
      root: peers,
      build: {
        write: false,
        minify: true,
        lib: {
          entry: join(peers, 'node_modules/@sprig-technologies/sprig-browser/dist/index.js'),
          formats: ['es'],
        },
        rolldownOptions: { output: { codeSplitting: false } },
      },
    });
    const sprigCode = Buffer.from(
      ((Array.isArray(sprig) ? sprig[0] : sprig) as { output: { code?: string }[] }).output
        .map((o) => o.code ?? '')
        .join(''),
    );
    const rows: [string, string, Buffer[]][] = [
      [
        'Surveylet',
        'dist/surveylet.js (everything: UI, 7 languages, outbox, targeting)',
        [readFileSync(join(root, 'dist', 'surveylet.js'))],
      ],
      [
        `posthog-js ${version('posthog-js')}`,
        'dist/array.js + dist/surveys.js',
        [file('posthog-js', 'dist', 'array.js'), file('posthog-js', 'dist', 'surveys.js')],
      ],
      [
        `@formbricks/js ${version('@formbricks/js')}`,
        'dist/index.js: the loader only; the survey code comes from the Formbricks server and is not counted',
        [file('@formbricks/js', 'dist', 'index.js')],
      ],
      [
        `@typeform/embed ${version('@typeform/embed')}`,
        'build/embed.js + build/css/popover.css',
        [
          file('@typeform/embed', 'build', 'embed.js'),
          file('@typeform/embed', 'build', 'css', 'popover.css'),
        ],
      ],
      [
        `@sprig-technologies/sprig-browser ${version('@sprig-technologies/sprig-browser')}`,
        'its ES entry with every chunk it can load, minified',
        [sprigCode],
      ],
    ];
    report.push(
      '## Bytes to show one NPS question by script tag',
      '',
      '| widget | what is counted | raw | gzip | brotli |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const [name, what, buffers] of rows) {
      const gzip = buffers.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0);
      const brotli = buffers.reduce((sum, b) => sum + brotliCompressSync(b).length, 0);
      const raw = buffers.reduce((sum, b) => sum + b.length, 0);
      report.push(`| ${name} | ${what} | ${kb(raw)} | ${kb(gzip)} | ${kb(brotli)} |`);
      expect(gzip).toBeGreaterThan(0);
    }
    report.push('');
  }, 180_000);
});

describe('cost to the host page in Chromium, 4× CPU throttling', () => {
  it(`compares ${loads} loads with and without the widget`, async () => {
    const queue = (
      trigger: string,
    ) => `<script>window.surveylet = function () { (surveylet.q = surveylet.q || []).push(arguments) };
      surveylet('init', { endpoint: '/collect', surveys: [{ id: 'nps', type: 'nps', trigger: { event: '${trigger}' } }] });</script>
      <script async src="/surveylet.js"></script>`;
    const paragraphs = '<p>Product description and reviews.</p>'.repeat(50);
    const content = `<main><h1>Shop</h1>${paragraphs}</main>`;
    site.page('/bench-without.html', { html: htmlPage(content) });
    site.page('/bench-with.html', { html: htmlPage(content, queue('ask')) });
    const observe = () => {
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
    };

    const sample = async (path: string, withWidget: boolean) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Performance.enable');
      await page.addInitScript(observe);
      await page.goto(`${site.url}${path}`, { waitUntil: 'load' });
      let paint = 0;
      if (withWidget) {
        await page.waitForFunction(
          () => (window as unknown as { surveylet: { loaded?: boolean } }).surveylet.loaded,
        );
        paint = await page.evaluate(async () => {
          const start = performance.now();
          (window as unknown as { surveylet(...a: unknown[]): void }).surveylet('track', 'ask');
          while (!document.querySelector('[data-surveylet]')?.shadowRoot?.querySelector('.card')) {
            await new Promise((r) => setTimeout(r, 1));
          }
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return performance.now() - start;
        });
      }
      await page.waitForTimeout(500);
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) =>
        metrics.find((m: { name: string }) => m.name === name)?.value ?? 0;
      const page$ = await page.evaluate(() => {
        const w = window as unknown as { shifts: number; longTasks: number[] };
        return { shifts: w.shifts, longTasks: w.longTasks.filter((d) => d > 50).length };
      });
      await context.close();
      return {
        script: metric('ScriptDuration') * 1000,
        heap: metric('JSHeapUsedSize'),
        paint,
        ...page$,
      };
    };

    type Sample = Awaited<ReturnType<typeof sample>>;
    const without: Sample[] = [];
    const withWidget: Sample[] = [];
    for (let i = 0; i < loads; i++) {
      without.push(await sample('/bench-without.html', false));
      withWidget.push(await sample('/bench-with.html', true));
    }
    const m = (rows: typeof without, key: keyof (typeof without)[number]) =>
      median(rows.map((r) => r[key] as number));
    report.push(
      `## Cost to the host page (Chromium, 4× CPU throttling, median of ${loads} loads)`,
      '',
      '| measure | without widget | with Surveylet | added by Surveylet |',
      '| --- | --- | --- | --- |',
      `| script evaluation (ms) | ${m(without, 'script').toFixed(1)} | ${m(withWidget, 'script').toFixed(1)} | ${(m(withWidget, 'script') - m(without, 'script')).toFixed(1)} |`,
      `| long tasks > 50 ms | ${m(without, 'longTasks')} | ${m(withWidget, 'longTasks')} | ${m(withWidget, 'longTasks') - m(without, 'longTasks')} |`,
      `| layout shift (CLS) | ${m(without, 'shifts')} | ${m(withWidget, 'shifts')} | ${m(withWidget, 'shifts') - m(without, 'shifts')} |`,
      `| JS heap after GC | ${kb(m(without, 'heap'))} | ${kb(m(withWidget, 'heap'))} | ${kb(m(withWidget, 'heap') - m(without, 'heap'))} |`,
      `| trigger → survey painted (ms) | – | ${m(withWidget, 'paint').toFixed(1)} | |`,
      '',
    );
    expect(m(withWidget, 'shifts')).toBe(0);

    // An idle page: loaded, nothing due (the survey waits for an event), nothing queued.
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
    await page.goto(`${site.url}/bench-with.html`, { waitUntil: 'load' });
    await page.waitForTimeout(6000); // start-up: load, idle callback and the first outbox pass
    const before =
      (await cdp.send('Performance.getMetrics')).metrics.find(
        (x: { name: string }) => x.name === 'TaskDuration',
      )?.value ?? 0;
    await page.evaluate(() => {
      (window as unknown as { counting: boolean }).counting = true;
    });
    await page.waitForTimeout(idleMs);
    const after =
      (await cdp.send('Performance.getMetrics')).metrics.find(
        (x: { name: string }) => x.name === 'TaskDuration',
      )?.value ?? 0;
    const timers = await page.evaluate(() => (window as unknown as { timers: number }).timers);
    await context.close();
    report.push(
      `## An idle page over ${idleMs / 1000} s (widget loaded, nothing due)`,
      '',
      `Timers set: ${timers} (goal: none). Main-thread task time: ${((after - before) * 1000).toFixed(1)} ms in all, the browser's own work included.`,
      '',
    );
    expect(timers).toBe(0);
  }, 600_000);
});

describe('the outbox in real IndexedDB', () => {
  it('measures enqueue latency and the time to drain 1,000 responses to the local collector', async () => {
    const bundle = await build({
      logLevel: 'silent',
      configFile: false,
      build: {
        write: false,
        minify: true,
        lib: {
          entry: join(import.meta.dirname, 'outbox-page.ts'),
          formats: ['iife'],
          name: 'outboxBench',
        },
      },
    });
    const code =
      ((Array.isArray(bundle) ? bundle[0] : bundle) as { output: { code: string }[] }).output[0]
        ?.code ?? '';
    const db = new PGlite();
    const collector = await createCollector({ db: db as unknown as Db });
    const server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/outbox.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(code);
        return;
      }
      if (url.pathname === '/') {
        res
          .writeHead(200, { 'Content-Type': 'text/html' })
          .end(htmlPage('<p>bench</p>', '<script src="/outbox.js"></script>'));
        return;
      }
      const body =
        req.method === 'POST'
          ? await new Promise<string>((r) => {
              let text = '';
              req.on('data', (c) => {
                text += c;
              });
              req.on('end', () => r(text));
            })
          : undefined;
      const reply = await collector.handle(
        new Request(`http://x${req.url}`, { method: req.method, body }),
      );
      res.writeHead(reply.status).end(Buffer.from(await reply.arrayBuffer()));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const page = await browser.newPage();
    await page.goto(url);
    const count = quick ? 300 : 1000;
    const result = await page.evaluate(async (n) => {
      // biome-ignore lint/suspicious/noExplicitAny: the page's globals come from the bench bundle.
      const w = window as unknown as Record<string, any>;
      Object.assign(w.limits, {
        enqueuesPerMinute: Infinity,
        records: 5000,
        totalBytes: 64 * 1024 * 1024,
      });
      let online = false;
      let requests = 0;
      const delivered = new Set<string>();
      const fetchCounted = (input: string, init: RequestInit) => {
        requests++;
        return fetch(input, init);
      };
      const outbox = w.createOutbox({
        endpoint: '/collect',
        fetch: fetchCounted,
        online: () => online,
        hooks: { delivered: (r: { id: string }) => delivered.add(r.id) },
      });
      const latencies: number[] = [];
      for (let i = 0; i < n; i++) {
        const response = w.scoreResponse({ id: 'bench', type: 'nps' }, i % 11, {
          id: w.uuidv7(),
          now: Date.now(),
          locale: 'en',
          page: { url: location.href, referrer: '' },
          visitorId: 'v',
          user: null,
        });
        const start = performance.now();
        await outbox.enqueue(response);
        latencies.push(performance.now() - start);
      }
      online = true;
      const start = performance.now();
      outbox.online();
      while (delivered.size < n) await new Promise((r) => setTimeout(r, 20));
      return {
        latencies,
        drainMs: performance.now() - start,
        requests,
        status: await outbox.status(),
      };
    }, count);
    await page.close();
    server.close();
    await collector.close();
    await db.close();
    report.push(
      '## The outbox in real IndexedDB (Chromium)',
      '',
      `| measure | value |`,
      '| --- | --- |',
      `| enqueue latency p50 (write-ahead, ${count} enqueues) | ${percentile(result.latencies, 50).toFixed(2)} ms |`,
      `| enqueue latency p95 | ${percentile(result.latencies, 95).toFixed(2)} ms |`,
      `| time to drain ${count} queued responses to the local collector (PGlite) | ${(result.drainMs / 1000).toFixed(2)} s |`,
      `| requests used | ${result.requests} (batches of at most 20) |`,
      '',
    );
    expect(result.status.pending).toBe(0);
    expect(result.requests).toBeLessThanOrEqual(Math.ceil(count / 20) + 2);
  }, 600_000);
});

describe('collector throughput', () => {
  it('measures responses stored per second, batches of 1 and 20', async () => {
    const rows = await benchCollector({ seconds: quick ? 1 : 5 });
    report.push(
      '## Collector throughput',
      '',
      'Responses stored per second through `collector.handle()` (validation, upsert, 204), one request',
      'at a time. PostgreSQL runs when `DATABASE_URL` is set (as in CI).',
      '',
      '| database | batch of | responses/s |',
      '| --- | --- | --- |',
      ...rows.map(([name, size, rate]) => `| ${name} | ${size} | ${Math.round(rate as number)} |`),
      '',
    );
    expect(rows.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('collector results at scale', () => {
  it('measures results latency for one survey and ingest latency while results run', async () => {
    const rows = await benchResults({ quick });
    report.push(
      '## Collector results',
      '',
      '`queryResults()` for one survey, median of 5 runs after a warm-up. The database counts',
      '(GROUP BY score per period, segment), so latency follows the index, not the JavaScript.',
      'Answers are seeded in arrival order over 90 days, plus a tenth as many of another survey.',
      '',
      '| database | answers of the survey | query | median |',
      '| --- | --- | --- | --- |',
      ...rows.map(
        ([name, answers, query, ms]) =>
          `| ${name} | ${answers.toLocaleString('en')} | ${query} | ${ms.toFixed(0)} ms |`,
      ),
      '',
    );
    const ingest = await benchIngestDuringResults({ quick });
    report.push(
      `Ingest keeps answering while results are computed: ${ingest.posts} single-answer POSTs`,
      `through \`collector.handle()\` on PGlite (files) holding ${ingest.answers.toLocaleString('en')}`,
      `answers, alone and while \`queryResults()\` runs back to back (${ingest.computed} results`,
      `computed meanwhile, ${ingest.resultsMs.toFixed(0)} ms each alone).`,
      '',
      '| ingest latency | alone | while results run |',
      '| --- | --- | --- |',
      `| p50 | ${ingest.alone.p50.toFixed(1)} ms | ${ingest.busy.p50.toFixed(1)} ms |`,
      `| p95 | ${ingest.alone.p95.toFixed(1)} ms | ${ingest.busy.p95.toFixed(1)} ms |`,
      '',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(ingest.computed).toBeGreaterThan(0);
  }, 900_000);
});
