// The demo site: the collector command's own server (surveylet/collector/server, what
// `surveylet-collector` runs) on PGlite with data in .surveylet-data/, plus the demo
// pages and the built bundle, so answers given on the demo pages show up on the
// results page within seconds.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../dist/server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};
// Pages served with a strict Content-Security-Policy: no inline script or style.
const strict = new Set(['/strict-csp.html']);
// The loader, the files it fetches from beside itself (the survey UI, one wording file
// per language), and the single-file bundle: dist/surveylet*.js, no folders.
const vendor = (path) =>
  /^\/surveylet[\w.-]*\.js$/.test(path) ? join(root, 'dist', path.slice(1)) : undefined;

/** The demo pages: everything the collector itself does not answer. */
async function pages(req, res) {
  const url = new URL(req.url ?? '/', 'http://demo.invalid');
  const path = url.pathname === '/' ? '/index.html' : url.pathname;
  if (path === '/favicon.ico') {
    res.writeHead(204);
    return res.end();
  }
  const file = vendor(path) ?? join(root, 'demo', normalize(path).replace(/^(\.\.[/\\])+/, ''));
  try {
    const body = await readFile(file);
    const headers = {
      'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
    };
    if (strict.has(path)) {
      headers['Content-Security-Policy'] =
        "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";
    }
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  }
}

const served = await serve({
  port: Number(process.env.PORT ?? 5173),
  database: process.env.DATABASE_URL || undefined,
  dataDir: process.env.SURVEYLET_DATA ?? join(root, '.surveylet-data'),
  // The demo listens on this machine only, so its results are open without a token;
  // a real collector keeps them behind readToken (see docs/collector.md).
  publicResults: true,
  pagePath: '/results.html',
  fallback: pages,
  log: (line) => {
    if (!line.startsWith('GET ')) console.log(line);
  },
});

const base = served.url;
console.log(`Surveylet demo: ${base}/`);
console.log(`  Results:        ${base}/results.html`);
console.log(`  NPS (English):  ${base}/survey.html?type=nps`);
console.log(`  CSAT (Arabic):  ${base}/survey.html?type=csat&style=emoji&locale=ar`);
console.log(`  CES (center):   ${base}/survey.html?type=ces&position=center`);
console.log(`  Inline element: ${base}/element.html`);
console.log(`  Strict CSP:     ${base}/strict-csp.html`);
console.log(`  Hostile CSS:    ${base}/hostile-css.html`);
console.log(
  `Collector: ${base}/collect (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite in .surveylet-data/'})`,
);

const stop = async () => {
  await served.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
