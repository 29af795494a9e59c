// The demo site: serves demo/ and the built bundle, and mounts the reference
// collector (surveylet/collector on PGlite, data in .surveylet-data/) at /collect,
// so answers given on the demo pages show up on the results page within seconds.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCollector } from '../dist/collector.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 5173);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};
// Pages served with a strict Content-Security-Policy: no inline script or style.
const strict = new Set(['/strict-csp.html']);
const vendor = {
  '/vendor/chart.js': join(root, 'node_modules', 'chart.js', 'dist', 'chart.umd.js'),
  '/surveylet.js': join(root, 'dist', 'surveylet.js'),
};

const collector = await createCollector({
  database: process.env.DATABASE_URL,
  dataDir: process.env.SURVEYLET_DATA ?? join(root, '.surveylet-data'),
});

/** Node's request as a Fetch-API Request, for the collector's handler. */
function toRequest(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? req : undefined,
    duplex: hasBody ? 'half' : undefined,
  });
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  if (url.pathname.startsWith('/collect')) {
    const reply = await collector.handle(toRequest(req));
    if (req.method === 'POST') console.log(`← POST /collect ${reply.status}`);
    res.writeHead(reply.status, Object.fromEntries(reply.headers));
    res.end(Buffer.from(await reply.arrayBuffer()));
    return;
  }
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204);
    res.end();
    return;
  }
  const path = url.pathname === '/' ? '/index.html' : url.pathname;
  const file = vendor[path] ?? join(root, 'demo', normalize(path).replace(/^(\.\.[/\\])+/, ''));
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
});

server.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address();
  const base = `http://127.0.0.1:${actual}`;
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
});

const stop = async () => {
  server.close();
  await collector.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
