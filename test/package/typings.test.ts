import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPacked, packPackage } from '../fixtures/packed.js';

// An app in each framework type-checks <surveylet-survey> with the packed package's
// `surveylet/jsx/<framework>` entry, using that framework's own checker from
// test/fixtures/typings (installed from its lockfile by `npm run fixtures`). Each
// framework also has a wrong usage under <framework>/wrong that must be reported: Vue
// and Svelte accept any unknown element silently, so a passing check alone would not
// show that the typings were applied.
let app: string;
let packed: { folder: string } | undefined;

beforeAll(() => {
  const pack = packPackage();
  packed = pack;
  app = installPacked(pack.tarball, 'typings');
}, 120_000);

afterAll(() => {
  if (packed) rmSync(packed.folder, { recursive: true, force: true });
});

/** Runs one of the fixture's own binaries; returns its exit status and output. */
function check(binary: string, args: string[]): { status: number; output: string } {
  try {
    const output = execFileSync(join(app, 'node_modules', '.bin', binary), args, {
      cwd: app,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    return { status: failed.status ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const tsc = (dir: string) => check('tsc', ['-p', `${dir}/tsconfig.json`]);
const vueTsc = (dir: string) => check('vue-tsc', ['-p', `${dir}/tsconfig.json`]);
const svelteCheck = (dir: string) =>
  check('svelte-check', [
    '--workspace',
    dir,
    '--tsconfig',
    'tsconfig.json',
    '--output',
    'machine',
    '--fail-on-warnings',
  ]);

// The message each checker gives for `survey-style="huge"`, the wrong usage all share
// (svelte-check's machine output escapes the quotes around "huge", so they are left out).
const wrongStyle = `is not assignable to type 'CsatStyle | undefined'`;

// `source` is the fixture file holding the one line README tells users to add.
const frameworks = [
  {
    name: 'React 19',
    dir: 'react',
    source: 'App.tsx',
    run: tsc,
    wrong: [`Wrong.tsx(4,23)`, wrongStyle],
  },
  {
    name: 'Preact',
    dir: 'preact',
    source: 'App.tsx',
    run: tsc,
    wrong: [`Wrong.tsx(4,23)`, wrongStyle],
  },
  {
    name: 'Vue 3 (vue-tsc)',
    dir: 'vue',
    source: 'env.d.ts',
    run: vueTsc,
    wrong: [`Wrong.vue(3,21)`, wrongStyle],
  },
  {
    name: 'Svelte 5 (svelte-check)',
    dir: 'svelte',
    source: 'env.d.ts',
    run: svelteCheck,
    wrong: [
      `"Wrong.svelte" 7:19`,
      wrongStyle,
      // A handler reading the wrong event's detail: the events are typed, not `any`.
      `"Wrong.svelte" 9:62 "Property 'score' does not exist on type '{ surveyId: string; responseId: string; }'`,
    ],
  },
  {
    name: 'Solid',
    dir: 'solid',
    source: 'App.tsx',
    run: tsc,
    wrong: [`Wrong.tsx(4,23)`, wrongStyle],
  },
];
const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('typings for <surveylet-survey>', () => {
  for (const { name, dir, source, run, wrong } of frameworks) {
    it(`type-checks <surveylet-survey> in ${name}`, () => {
      // The line README.md gives for this framework is the one the checked app uses.
      const line = `import type {} from 'surveylet/jsx/${dir}';`;
      expect(readFileSync(join(app, dir, source), 'utf8')).toContain(line);
      expect(readme).toContain(line);
      const result = run(dir);
      // On failure the checker's output (the offending lines) is the assertion message.
      expect(result.status, result.output).toBe(0);
    }, 120_000);

    it(`reports a wrong attribute value on <surveylet-survey> in ${name}`, () => {
      const result = run(`${dir}/wrong`);
      expect(result.status).not.toBe(0);
      for (const message of wrong) expect(result.output).toContain(message);
    }, 120_000);
  }
});
