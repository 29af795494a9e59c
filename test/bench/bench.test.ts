import { readFileSync, writeFileSync } from 'node:fs';
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
import { locales } from '../../src/survey/locales.js';
import { htmlPage, launchChromium, startSite, type TestSite } from '../browser/harness.js';
import { benchCollector, benchIngestDuringResults, benchResults } from './collector.js';
import {
  benchPages,
  type Column,
  columns,
  idlePage,
  installPeers,
  measurePageCost,
  peerFile,
  peersDir,
} from './pageCost.js';

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
    // Before Sprig's build below reads its package.
    installPeers();
    const version = (name: string) =>
      JSON.parse(peerFile(name, 'package.json').toString()).version as string;
    // Sprig ships an ES library whose UI loads in chunks: bundle everything it can load.
    const sprig = await build({
      logLevel: 'silent',
      configFile: false,
      root: peersDir,
      build: {
        write: false,
        minify: true,
        lib: {
          entry: join(peersDir, 'node_modules/@sprig-technologies/sprig-browser/dist/index.js'),
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
    const dist = (file: string) => readFileSync(join(root, 'dist', file));
    const languages = Object.keys(locales).length;
    const rows: [string, string, Buffer[]][] = [
      [
        'Surveylet loader',
        'dist/surveylet.js: what every page view pays (queue, config check, targeting, consent, outbox)',
        [dist('surveylet.js')],
      ],
      [
        'Surveylet to show one NPS',
        'dist/surveylet.js + dist/surveylet-ui.js (Preact, card, styles) + dist/surveylet-en.js (English wording)',
        [dist('surveylet.js'), dist('surveylet-ui.js'), dist('surveylet-en.js')],
      ],
      [
        'Surveylet single file',
        'dist/surveylet.bundle.js (everything in one file)',
        [dist('surveylet.bundle.js')],
      ],
      [
        `posthog-js ${version('posthog-js')}`,
        'dist/array.js + dist/surveys.js',
        [peerFile('posthog-js', 'dist', 'array.js'), peerFile('posthog-js', 'dist', 'surveys.js')],
      ],
      [
        `@formbricks/js ${version('@formbricks/js')}`,
        'dist/index.js: the loader only; the survey code comes from the Formbricks server and is not counted',
        [peerFile('@formbricks/js', 'dist', 'index.js')],
      ],
      [
        `@typeform/embed ${version('@typeform/embed')}`,
        'build/embed.js + build/css/popover.css',
        [
          peerFile('@typeform/embed', 'build', 'embed.js'),
          peerFile('@typeform/embed', 'build', 'css', 'popover.css'),
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
      'Each file is compressed on its own, as a server sends it, and the files are summed.',
      '',
      '| widget | what is counted | raw | gzip | brotli |',
      '| --- | --- | --- | --- | --- |',
    );
    const gzipped = new Map<string, number>();
    for (const [name, what, buffers] of rows) {
      const gzip = buffers.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0);
      const brotli = buffers.reduce((sum, b) => sum + brotliCompressSync(b).length, 0);
      const raw = buffers.reduce((sum, b) => sum + b.length, 0);
      report.push(`| ${name} | ${what} | ${kb(raw)} | ${kb(gzip)} | ${kb(brotli)} |`);
      gzipped.set(name, gzip);
      expect(gzip).toBeGreaterThan(0);
    }
    const toShow = gzipped.get('Surveylet to show one NPS') as number;
    // Which files carry built-in wording: a language counts when one of its sentences is there.
    const languagesIn = (file: string) => {
      const text = dist(file).toString();
      return Object.values(locales).filter((strings) =>
        Object.values(strings).some((s) => s.length >= 12 && text.includes(s)),
      ).length;
    };
    report.push(
      '',
      `Goal: loader + UI + one language ≤ 15 KB gzip to show one NPS. Measured ${kb(toShow)}, ${toShow <= 15_000 ? 'met' : 'missed'}; the wording of ${languagesIn('surveylet-ui.js')} of the ${languages} built-in languages is in the UI file, of ${languagesIn('surveylet.js')} in the loader, and of ${languagesIn('surveylet-en.js')} in the English wording file.`,
      '',
    );
  }, 180_000);
});

describe('cost to the host page in Chromium, 4× CPU throttling', () => {
  it(`compares ${loads} loads without a widget, with Surveylet and with posthog-js`, async () => {
    const pages = benchPages(site);
    const samples = await measurePageCost(browser, site, pages, loads);
    const m = (column: Column, key: 'script' | 'heap' | 'paint' | 'shifts' | 'longTasks') =>
      median(samples[column].map((s) => s[key]));
    const titles: Record<Column, string> = {
      without: 'without widget',
      nothingDue: 'Surveylet loader, nothing due',
      loaderShown: 'Surveylet loader, survey shown',
      bundleShown: 'Surveylet single file, survey shown',
      posthog: `posthog-js ${JSON.parse(peerFile('posthog-js', 'package.json').toString()).version}`,
    };
    const row = (measure: string, cell: (column: Column) => string) =>
      `| ${measure} | ${columns.map(cell).join(' | ')} |`;
    const added = (column: Column) =>
      column === 'without' ? '–' : (m(column, 'script') - m('without', 'script')).toFixed(1);
    const requests = (column: Column) =>
      [...new Set(samples[column].flatMap((s) => s.requests))].map((p) => `\`${p}\``).join(', ');
    const nothingDueAdds = m('nothingDue', 'script') - m('without', 'script');
    report.push(
      `## Cost to the host page (Chromium, 4× CPU throttling, median of ${loads} loads)`,
      '',
      `| measure | ${columns.map((c) => titles[c]).join(' | ')} |`,
      `| --- |${' --- |'.repeat(columns.length)}`,
      row('script evaluation (ms)', (c) => m(c, 'script').toFixed(1)),
      row('added over the page without widget (ms)', added),
      row('long tasks > 50 ms', (c) => String(m(c, 'longTasks'))),
      row('layout shift (CLS)', (c) => String(+m(c, 'shifts').toFixed(4))),
      row('JS heap after GC', (c) => kb(m(c, 'heap'))),
      row('trigger → survey painted (ms)', (c) =>
        pages[c].shows ? m(c, 'paint').toFixed(1) : '–',
      ),
      '',
      'The same content page in every column, each load in a fresh browser context (nothing cached).',
      '*Without widget*: the page alone. *Surveylet loader, nothing due*: dist/surveylet.js with one',
      'survey for other pages (`urls`), so nothing is armed and the UI file is never fetched.',
      '*Surveylet loader, survey shown*: dist/surveylet.js with a survey armed at load (eligible, by',
      '`explain`), so the loader fetches dist/surveylet-ui.js and dist/surveylet-en.js ahead of the trigger; then',
      "`surveylet('track', 'ask')` is timed until the card is in its shadow root and two frames have",
      'painted. *Surveylet single file, survey shown*: the same with dist/surveylet.bundle.js.',
      '*posthog-js*: its dist/array.js started with a made-up token and its API host on the local site,',
      'which answers 404 to all of its requests, so it gets no remote config and loads no survey code.',
      "Script evaluation is Chromium's ScriptDuration from navigation to 500 ms after load (or after",
      'the survey painted), which is also when the heap is read.',
      '',
      `Requests besides the page: ${columns
        .filter((c) => requests(c))
        .map((c) => `${titles[c]}: ${requests(c)}`)
        .join('; ')}.`,
      '',
      `Goal: script evaluation on a page where no survey is due ≤ 5 ms at 4× throttling. The loader added ${nothingDueAdds.toFixed(1)} ms, ${nothingDueAdds <= 5 ? 'met' : 'missed'}.`,
      '',
    );
    for (const column of columns) {
      for (const s of samples[column]) {
        expect([...s.served].sort(), `${titles[column]}: Surveylet files asked for`).toEqual(
          [...pages[column].serves].sort(),
        );
      }
    }
    for (const s of samples.nothingDue) {
      expect(s.served).not.toContain('/surveylet-ui.js');
      expect(s.reasons).toEqual(['urls']);
    }
    for (const column of ['nothingDue', 'loaderShown', 'bundleShown'] as const) {
      expect(m(column, 'shifts'), `${titles[column]}: layout shift`).toBe(0);
    }
    for (const s of [...samples.loaderShown, ...samples.bundleShown]) expect(s.eligible).toBe(true);

    // An idle page: loaded, nothing due (the survey waits for an event), nothing queued.
    const idle = await idlePage(browser, `${site.url}${pages.loaderShown.path}`, idleMs);
    report.push(
      `## An idle page over ${idleMs / 1000} s (widget loaded, nothing due)`,
      '',
      `Timers set: ${idle.timers} (goal: none). Main-thread task time: ${idle.taskMs.toFixed(1)} ms in all, the browser's own work included.`,
      '',
    );
    expect(idle.timers).toBe(0);
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
