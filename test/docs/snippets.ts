import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Docs are code: every fenced block in README.md and docs/*.md carries a marker on the
// line before it, either `<!-- test: NAME -->` (a test runs it, looked up by NAME) or
// `<!-- not run: WHY -->`. A block without one fails snippets.test.ts.

export const root = join(import.meta.dirname, '..', '..');

/** One fenced block of the docs. */
export interface Snippet {
  /** The document, relative to the repository (`docs/collector.md`). */
  file: string;
  /** The line of the opening fence, for messages. */
  line: number;
  /** The fence's language (`js`, `sh`, …), or '' when it has none. */
  lang: string;
  code: string;
  /** The name a test looks the block up by; null when it is not run. */
  test: string | null;
  /** Why a block is not run; null when it is, or when the marker is missing. */
  notRun: string | null;
}

/** The documents whose snippets must run. */
export function documents(): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs.sort()];
}

/** Every fenced block of the documents, with its marker. */
export function snippets(): Snippet[] {
  const found: Snippet[] = [];
  for (const file of documents()) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = /^```(\S*)\s*$/.exec(lines[i] ?? '');
      if (!open) continue;
      const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
      if (end < 0) throw new Error(`${file}:${i + 1}: a fence that never closes`);
      const marker = (lines[i - 1] ?? '').trim();
      found.push({
        file,
        line: i + 1,
        lang: open[1] ?? '',
        code: `${lines.slice(i + 1, end).join('\n')}\n`,
        test: /^<!-- test: (\S+) -->$/.exec(marker)?.[1] ?? null,
        notRun: /^<!-- not run: (.+) -->$/.exec(marker)?.[1] ?? null,
      });
      i = end;
    }
  }
  return found;
}

/** The block a test runs, by the name in its marker; exactly one must carry it. */
export function snippet(name: string): string {
  const matching = snippets().filter((s) => s.test === name);
  if (matching.length !== 1) {
    throw new Error(`expected one snippet marked <!-- test: ${name} -->, found ${matching.length}`);
  }
  return (matching[0] as Snippet).code;
}

/** The packages an `npm install …` line of a snippet names (flags and comments dropped). */
export function installedBy(code: string): string[][] {
  return code
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.startsWith('npm install '))
    .map((line) =>
      line
        .slice('npm install '.length)
        .split(/\s+/)
        .filter((word) => word && !word.startsWith('-')),
    );
}
