// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]/g),
  ].map((m) => (m[1] ?? m[2]) as string);
}

/** Every import of the files under src/<folder>, with the file that makes it. */
function importsIn(folder: string): [string, string][] {
  return files(join(src, folder)).flatMap((file) =>
    importsOf(file).map((spec): [string, string] => [relative(src, file), spec]),
  );
}

/** The folders of src/ a relative import reaches (`../delivery/outbox.js` → `delivery`). */
const folderOf = (spec: string) => /^\.\.\/([a-z]+)\//.exec(spec)?.[1] ?? null;

// The arrows point one way: embed → widget → (targeting, delivery) → survey; ui → survey;
// collector → survey. Each folder lists what it may import; anything else fails here.
const allowed: Record<string, string[]> = {
  survey: [],
  delivery: ['survey'],
  // The clock, the IndexedDB fallback and the fetch seam (delivery/timers, fallback, sender
  // types), never the outbox.
  targeting: ['survey', 'delivery'],
  ui: ['survey'],
  widget: ['survey', 'delivery', 'targeting', 'ui'],
  // ui only from embed/uiChunk.ts, the entry of the survey UI file (checked below).
  embed: ['survey', 'widget', 'ui'],
};

describe('architecture: the folders of src/ and their arrows', () => {
  for (const [folder, may] of Object.entries(allowed)) {
    it(`lets src/${folder} import only ${may.length ? may.join(', ') : 'itself'}`, () => {
      const wrong = importsIn(folder).filter(([, spec]) => {
        const target = folderOf(spec);
        return target !== null && !may.includes(target);
      });
      expect(wrong).toEqual([]);
    });
  }

  it('keeps Preact and signals out of survey, delivery, targeting and widget', () => {
    for (const folder of ['survey', 'delivery', 'targeting', 'widget']) {
      for (const [file, spec] of importsIn(folder)) {
        expect(spec, file).not.toMatch(/^(preact|@preact\/)/);
      }
    }
  });

  it('keeps targeting away from the outbox itself', () => {
    for (const [file, spec] of importsIn('targeting')) {
      if (folderOf(spec) === 'delivery')
        expect(spec, file).toMatch(/\/(timers|fallback|sender)\.js$/);
    }
  });

  it('keeps the package entries to re-exports', () => {
    for (const entry of ['index.ts', 'preact.ts']) {
      const statements = readFileSync(join(src, entry), 'utf8')
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const statement of statements) expect(statement, entry).toMatch(/^export /);
    }
  });

  it('keeps top-level side effects to the script tag and the element entry', () => {
    for (const folder of ['survey', 'delivery', 'targeting', 'widget', 'ui']) {
      for (const file of files(join(src, folder))) {
        const text = readFileSync(file, 'utf8');
        expect(text, relative(src, file)).not.toMatch(/^(window|document|customElements)\./m);
      }
    }
  });
});

/** Every module the file reaches through runtime imports (`import type` is erased). */
function runtimeGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  const specs = [
    ...text.matchAll(/^(?:import|export)(?! type)[^'"]*?from\s+['"]([^'"]+)['"]/gm),
  ].map((m) => m[1] as string);
  for (const spec of specs) {
    if (!spec.startsWith('.')) {
      seen.add(spec);
      continue;
    }
    const path = resolve(dirname(entry), spec).replace(/\.js$/, '');
    const file = ['.ts', '.tsx'].map((ext) => path + ext).find((f) => existsSync(f));
    if (file) runtimeGraph(file, seen);
  }
  return seen;
}

describe('the script-tag loader', () => {
  it('reaches no Preact, signals or ui/ module from its entry', () => {
    const graph = [...runtimeGraph(join(src, 'embed', 'loader.ts'))];
    expect(graph.filter((m) => /^(preact|@preact\/)|[\\/]ui[\\/]/.test(m))).toEqual([]);
    // The survey UI file's entry does reach them: the check can tell.
    const ui = [...runtimeGraph(join(src, 'embed', 'uiChunk.ts'))];
    expect(ui.filter((m) => /^@preact\/signals$|[\\/]ui[\\/]Card\.tsx$/.test(m))).toHaveLength(2);
  });

  it('is the only way embed/ reaches ui/: the entry of the survey UI file', () => {
    const reaching = importsIn('embed').filter(([, spec]) => folderOf(spec) === 'ui');
    expect(reaching.map(([file]) => file)).toEqual(['embed/uiChunk.ts']);
  });
});

describe('the tests of the pure folders', () => {
  // src/survey and src/targeting take the page as arguments and never read browser
  // globals, so their tests run in Node: under happy-dom a test could pass on a global
  // (window, document, navigator) that a server or a worker does not have.
  it.each(['survey', 'targeting'])('run test/%s in Node, without a DOM', (folder) => {
    const dir = join(import.meta.dirname, folder);
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.test.ts'))) {
      expect(readFileSync(join(dir, file), 'utf8'), file).toMatch(
        /^\/\/ @vitest-environment node\n/,
      );
    }
  });
});

describe('the collector', () => {
  it('is never imported by the browser code', () => {
    for (const dir of ['survey', 'delivery', 'targeting', 'widget', 'ui', 'embed']) {
      for (const file of files(join(src, dir))) {
        for (const spec of importsOf(file))
          expect(spec, relative(src, file)).not.toMatch(/collector/);
      }
    }
  });
});
