import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/collector/pglite.js';
import { answer, batch } from '../collector/fixtures.js';

// Docs are code: every ```js block of docs/collector.md runs here as a user would save
// it, importing `surveylet/collector` by name from the built package.
const root = join(import.meta.dirname, '..', '..');
const doc = readFileSync(join(root, 'docs', 'collector.md'), 'utf8');
const snippets = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const running: ChildProcess[] = [];
let app: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs a snippet (its port swapped for a free one) until it prints `ready`. */
async function run(code: string, ready: RegExp, env: Record<string, string> = {}) {
  const file = join(app, `snippet-${running.length}.mjs`);
  writeFileSync(file, code);
  const child = spawn(process.execPath, [file], { cwd: app, env: { ...process.env, ...env } });
  running.push(child);
  let out = '';
  child.stderr.on('data', (chunk) => {
    out += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (ready.test(out)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`snippet exited with ${code}: ${out}`)));
  });
  return () => out;
}

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'surveylet-docs-'));
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(root, join(app, 'node_modules', 'surveylet'));
  writeFileSync(join(app, 'package.json'), '{"type":"module"}');
});
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('docs/collector.md', () => {
  it('has the two runnable JavaScript snippets this test knows', () => {
    expect(snippets).toHaveLength(2);
  });

  it('runs the Node HTTP server snippet: answers stored, results locked', async () => {
    const port = await freePort();
    const code = (snippets[0] as string).replaceAll('8787', String(port));
    await run(code, /listening on/, { SURVEYLET_READ_TOKEN: 'doc-token' });
    const base = `http://127.0.0.1:${port}`;
    const posted = await fetch(`${base}/collect`, {
      method: 'POST',
      body: JSON.stringify(batch(answer(9, { id: 'docs', type: 'nps' }))),
    });
    expect(posted.status).toBe(204);
    expect((await fetch(`${base}/collect/results`)).status).toBe(401);
    const read = await fetch(`${base}/collect/results`, {
      headers: { Authorization: 'Bearer doc-token' },
    });
    expect((await read.json()).surveys[0]).toMatchObject({ surveyId: 'docs', count: 1 });
  });

  it('runs the webhook receiver snippet: a signed detractor is logged, a forged call refused', async () => {
    const port = await freePort();
    const secret = `whsec_${Buffer.from('a-webhook-secret-of-24-bytes').toString('base64')}`;
    const code = (snippets[1] as string).replaceAll('9000', String(port));
    const output = await run(`${code}\nconsole.log('receiver up');\n`, /receiver up/, {
      WEBHOOK_SECRET: secret,
    });
    const forged = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'webhook-id': 'x', 'webhook-timestamp': '1', 'webhook-signature': 'v1,AAAA' },
      body: '{}',
    });
    expect(forged.status).toBe(401);
    const collector = await createCollector({
      dataDir: 'memory://',
      webhook: { url: `http://127.0.0.1:${port}/hook`, secret },
    });
    const detractor = answer(
      2,
      { id: 'docs-hook', type: 'nps' },
      { revision: 2, comment: 'Broken' },
    );
    const reply = await collector.handle(
      new Request('http://c.example/collect', {
        method: 'POST',
        body: JSON.stringify(batch(detractor)),
      }),
    );
    expect(reply.status).toBe(204);
    await collector.close();
    await expect.poll(output, { timeout: 10_000 }).toContain('detractor on docs-hook: Broken');
  });
});
