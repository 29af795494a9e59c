import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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

describe('architecture (style.md)', () => {
  it('keeps src/core free of UI, Preact, signals and the embed layer', () => {
    for (const file of files(join(src, 'core'))) {
      for (const spec of importsOf(file)) {
        expect(spec, relative(src, file)).not.toMatch(/^(preact|@preact\/)|\/ui\/|\/embed\//);
      }
    }
  });

  it('never lets src/ui depend on src/embed', () => {
    for (const file of files(join(src, 'ui'))) {
      for (const spec of importsOf(file))
        expect(spec, relative(src, file)).not.toMatch(/\/embed\//);
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

  it('keeps top-level side effects to src/embed', () => {
    for (const file of [...files(join(src, 'core')), ...files(join(src, 'ui'))]) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(src, file)).not.toMatch(/^(window|document|customElements)\./m);
    }
  });
});

describe('the collector', () => {
  it('is never imported by the browser code', () => {
    for (const dir of ['core', 'ui', 'embed']) {
      for (const file of files(join(src, dir))) {
        for (const spec of importsOf(file))
          expect(spec, relative(src, file)).not.toMatch(/collector/);
      }
    }
  });
});
