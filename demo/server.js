// The demo site: serves demo/ and the built dist/surveylet.js, and a minimal
// collection endpoint (POST /collect) that prints each batch it receives and keeps
// the latest ones for the pages to show. The real collector comes with
// `surveylet/collector`; this one only shows what the widget sends.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 5173);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};
const received = [];

function send(res, status, body, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

async function collect(req, res) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 256 * 1024) return send(res, 413, 'body over 256 KiB');
  }
  let batch;
  try {
    batch = JSON.parse(body);
  } catch {
    return send(res, 400, 'body is not JSON');
  }
  if (batch?.v !== 1 || !Array.isArray(batch.responses)) {
    return send(res, 422, 'expected { v: 1, responses: [...] }');
  }
  received.unshift({ receivedAt: new Date().toISOString(), batch });
  received.length = Math.min(received.length, 50);
  for (const r of batch.responses) {
    const comment = r.comment ? ` "${r.comment}"` : '';
    console.log(
      `← ${r.surveyId} ${r.type} score ${r.score} (${r.category}) rev ${r.revision}${comment}`,
    );
  }
  console.log(JSON.stringify(batch, null, 2));
  res.writeHead(204, { 'Access-Control-Allow-Origin': '*' });
  res.end();
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  if (url.pathname === '/collect' && req.method === 'POST') return collect(req, res);
  if (url.pathname === '/collect' && req.method === 'GET') {
    return send(res, 200, JSON.stringify(received), types['.json']);
  }
  if (url.pathname === '/collect' && req.method === 'OPTIONS') {
    res.writeHead(204, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'POST',
      'Access-Control-Allow-Headers': 'Content-Type',
    });
    return res.end();
  }
  const path = url.pathname === '/' ? '/index.html' : url.pathname;
  const file =
    path === '/surveylet.js'
      ? join(root, 'dist', 'surveylet.js')
      : join(root, 'demo', normalize(path).replace(/^(\.\.[/\\])+/, ''));
  try {
    send(res, 200, await readFile(file), types[extname(file)] ?? 'application/octet-stream');
  } catch {
    send(res, 404, 'not found');
  }
});

server.listen(port, '127.0.0.1', () => {
  const base = `http://localhost:${port}`;
  console.log(`Surveylet demo: ${base}/`);
  console.log(`  NPS (English):  ${base}/survey.html?type=nps`);
  console.log(`  CSAT (Arabic):  ${base}/survey.html?type=csat&style=emoji&locale=ar`);
  console.log(`  CES (center):   ${base}/survey.html?type=ces&position=center`);
  console.log(`  Inline element: ${base}/element.html`);
  console.log(`Answers are printed here as they arrive (endpoint ${base}/collect).`);
});
