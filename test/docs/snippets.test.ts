import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, snippets } from './snippets.js';

/** Every test source of the repository (fixture apps' own files excluded). */
function testSources(dir = join(root, 'test')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') return [];
    if (statSync(path).isDirectory()) return testSources(path);
    return /\.test\.tsx?$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('the snippets of README.md and docs/', () => {
  const all = snippets();

  it('each say whether a test runs them, and why not when not', () => {
    const unmarked = all
      .filter((s) => !s.test && !s.notRun)
      .map(
        (s) =>
          `${s.file}:${s.line} (\`\`\`${s.lang}) needs <!-- test: NAME --> or <!-- not run: WHY --> above it`,
      );
    expect(unmarked).toEqual([]);
    expect(all.length).toBeGreaterThan(20);
  });

  it('are each run by a test that names them', () => {
    const sources = testSources().join('\n');
    const names = all.flatMap((s) => (s.test ? [s.test] : []));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    const orphans = names.filter((name) => !sources.includes(`'${name}'`));
    expect(orphans).toEqual([]);
  });
});
