// `npm run bench`: measures and writes BENCHMARKS.md. Every number in that file comes
// from this run on this machine; none is typed in.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { benchCollector } from './collector.js';

const quick = process.argv.includes('--quick');
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const bundle = readFileSync(new URL('../../dist/surveylet.js', import.meta.url));
const lines = [
  '# Benchmarks',
  '',
  `Measured by \`npm run bench\`${quick ? ' (quick mode)' : ''} on ${new Date().toISOString().slice(0, 10)}:`,
  `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}.`,
  '',
  '## Size of the script-tag bundle',
  '',
  '| file | raw | gzip | brotli |',
  '| --- | --- | --- | --- |',
  `| dist/surveylet.js | ${kb(bundle.length)} | ${kb(gzipSync(bundle, { level: 9 }).length)} | ${kb(brotliCompressSync(bundle).length)} |`,
  '',
  '## Collector throughput',
  '',
  'Responses stored per second through `collector.handle()` (validation, upsert, 204), one',
  'request at a time. PostgreSQL runs only when `DATABASE_URL` is set.',
  '',
  '| database | batch of | responses/s |',
  '| --- | --- | --- |',
];
for (const [name, size, rate] of await benchCollector({ seconds: quick ? 1 : 5 })) {
  lines.push(`| ${name} | ${size} | ${Math.round(rate)} |`);
}
writeFileSync(new URL('../../BENCHMARKS.md', import.meta.url), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
