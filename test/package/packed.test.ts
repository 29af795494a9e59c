import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The package as users get it: packed with `npm pack`, installed by name next to
// its dependencies, imported from Node (as during server-side rendering) and
// type-checked from a consumer's file.
const root = join(import.meta.dirname, '..', '..');
let app: string;

function node(code: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: app,
    encoding: 'utf8',
  }).trim();
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('Run `npm run build` first.');
  app = mkdtempSync(join(tmpdir(), 'surveylet-consumer-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', app], {
      cwd: root,
      encoding: 'utf8',
    }),
  ) as { filename: string }[];
  const target = join(app, 'node_modules', 'surveylet');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', [
    'xzf',
    join(app, packed[0]?.filename ?? ''),
    '-C',
    target,
    '--strip-components=1',
  ]);
  for (const dependency of ['preact', '@preact', 'idb-keyval']) {
    symlinkSync(join(root, 'node_modules', dependency), join(app, 'node_modules', dependency));
  }
  writeFileSync(join(app, 'package.json'), '{"type":"module"}');
}, 60_000);

afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('imports by name in Node without touching browser globals', () => {
    // A plain Node process has no window: reading one at import throws, and any global
    // an entry defines shows up against the list taken before it.
    const out = node(`
      const before = new Set(Reflect.ownKeys(globalThis));
      const api = await import('surveylet');
      await import('surveylet/preact');
      await import('surveylet/element');
      const added = Reflect.ownKeys(globalThis).filter((key) => !before.has(key)).map(String);
      console.log(JSON.stringify({ keys: Object.keys(api).sort().join(','), added }));
    `);
    expect(JSON.parse(out)).toEqual({
      keys: 'categorize,createSurveylet,csatPercent,headlineMetric,meanScore,npsScore,scaleOf,validateConfig',
      added: [],
    });
  });

  it('defines <surveylet-survey> when surveylet/element is imported', () => {
    // A registry of our own: the entry's side effect must reach it, as a bundler's
    // output would in a browser (the library build once dropped it).
    const defined = node(`
      const names = [];
      globalThis.HTMLElement = class {};
      globalThis.customElements = { get: () => undefined, define: (name) => names.push(name) };
      await import('surveylet/element');
      console.log(names.join(','));
    `);
    expect(defined).toBe('surveylet-survey');
  });

  it('lets createSurveylet run on the server, doing nothing there', () => {
    // README's relative endpoint, as a server render of the app passes it; a warning
    // here would land in the server's log at every render.
    const out = node(`
      const warnings = [];
      console.warn = console.error = (...args) => warnings.push(args.join(' '));
      globalThis.fetch = () => { throw new Error('fetch called on the server'); };
      const { createSurveylet } = await import('surveylet');
      const widget = createSurveylet({ endpoint: '/api/feedback', surveys: [{ id: 'n', type: 'nps' }] });
      widget.consent(true); widget.show('n'); widget.track('signup'); widget.destroy();
      console.log(JSON.stringify(warnings));
    `);
    expect(JSON.parse(out)).toEqual([]);
  });

  it('ships the script file with its true SRI hash, at the CDN address README gives', () => {
    const dist = join(app, 'node_modules', 'surveylet', 'dist');
    const script = readFileSync(join(dist, 'surveylet.js'));
    const sri = readFileSync(join(dist, 'surveylet.js.sri'), 'utf8').trim();
    expect(sri).toBe(`sha384-${createHash('sha384').update(script).digest('base64')}`);
    // The versioned URL in README pins the version being published.
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const pinned = [
      ...readme.matchAll(/cdn\.jsdelivr\.net\/npm\/surveylet@([^/]+)\/dist\/surveylet\.js/g),
    ];
    expect(pinned.map((m) => m[1])).toContain(version);
    expect(pinned.every((m) => m[1] === version)).toBe(true);
  });

  it('ships types a consumer compiles against under node16 resolution', () => {
    writeFileSync(
      join(app, 'consumer.ts'),
      `import { createSurveylet, type SurveyletConfig, type SurveyResponse, npsScore } from 'surveylet';
import { Survey } from 'surveylet/preact';
import { defineSurveyElement } from 'surveylet/element';
const config: SurveyletConfig = { endpoint: '/r', surveys: [{ id: 'a', type: 'csat', style: 'stars' }] };
const widget = createSurveylet(config);
widget.on('submitted', (response: SurveyResponse) => response.score.toFixed());
const score: number | null = npsScore([10, 0]);
const component: typeof Survey = Survey;
defineSurveyElement();
// @ts-expect-error the survey type is checked
createSurveylet({ surveys: [{ id: 'b', type: 'npss' }] });
export { score, component };
`,
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16'];
    const run = () =>
      execFileSync(process.execPath, [tsc, ...args, '--lib', 'es2022,dom', 'consumer.ts'], {
        cwd: app,
        encoding: 'utf8',
      });
    expect(run).not.toThrow();
  });
});
