import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/collector/pglite.js';
import { answer, batch } from '../collector/fixtures.js';
import { installPacked, packPackage } from '../fixtures/packed.js';
import { freePort, start, stopAll } from './run.js';
import { installedBy, snippet } from './snippets.js';

// docs/collector.md's recipes, each saved as a user would save it in a project that
// installed the packed package and the framework (test/fixtures/node-app), then run
// with Node and asked what the docs promise: answers stored, results locked.
let app: string;
let packed: { folder: string };
let dataDir: string;

beforeAll(async () => {
  const { tarball, folder } = packPackage();
  packed = { folder };
  app = installPacked(tarball, 'node-app');
  dataDir = join(folder, 'data');
  const template = createCollector({ dataDir });
  await template.ready();
  await template.close();
}, 120_000);
afterEach(stopAll);
afterAll(() => {
  rmSync(packed.folder, { recursive: true, force: true });
  rmSync(join(app, 'snippets'), { recursive: true, force: true });
});

const token = 'a-read-token-for-the-recipes';
const post = (url: string, surveyId: string, score = 9) =>
  fetch(url, {
    method: 'POST',
    body: JSON.stringify(batch(answer(score, { id: surveyId, type: 'nps' }))),
  });
const results = (url: string, auth?: string) =>
  fetch(url, auth ? { headers: { Authorization: auth } } : {});

/** Posts one answer, then reads it back: locked without the token, counted with it. */
async function expectCollects(base: string, name: string) {
  const surveyId = `${name}-${Date.now()}`; // unique, should a database outlive the run
  expect((await post(base, surveyId)).status).toBe(204);
  expect((await results(`${base}/results`)).status).toBe(401);
  const read = await results(`${base}/results?surveyId=${surveyId}`, `Bearer ${token}`);
  expect(read.status).toBe(200);
  expect((await read.json()).surveys[0]).toMatchObject({ surveyId, count: 1 });
}

describe('docs/collector.md, run as saved', () => {
  it('names packages to install that the fixture app installs', () => {
    const own = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).dependencies;
    for (const name of ['install-own-server', 'cli-start']) {
      for (const line of installedBy(snippet(name))) {
        expect(line[0]).toBe('surveylet');
        for (const dependency of line.slice(1)) expect(Object.keys(own)).toContain(dependency);
      }
    }
  });

  it.each(['cli-start', 'readme-collector-command'])(
    '%s: starts `npx surveylet-collector` and stores an answer',
    async (name) => {
      const port = await freePort();
      const [command] = snippet(name)
        .split('\n')
        .filter((line) => line.includes('npx surveylet-collector'));
      const line = (command as string)
        .replace('choose-a-long-secret', token)
        .replace('8787', `${port}`);
      await start(app, `${name}.sh`, `${line}\n`, /listening on http:\/\/127\.0\.0\.1:\d+/, {
        command: ['sh', `${name}.sh`],
        dataDir,
      });
      await expectCollects(`http://127.0.0.1:${port}/collect`, `docs-${name}`);
    },
  );

  it('runs the options example: a listed origin may post, another may not', async () => {
    const code = `${snippet('node-app/options.mjs')}
const send = (origin) => collector.handle(new Request('https://c.example/collect', {
  method: 'POST', headers: { Origin: origin },
  body: ${JSON.stringify(JSON.stringify(batch(answer(4, { id: 'post-checkout-csat', type: 'csat' }))))},
}));
console.log('statuses', (await send('https://shop.example.com')).status, (await send('https://evil.example')).status);
await collector.close();
`;
    const run = await start(app, 'options.mjs', code, /statuses/, {
      env: {
        SURVEYLET_READ_TOKEN: token,
        WEBHOOK_SECRET: 'whsec_c2VjcmV0LW9mLXRoZS1yZWNpcGVzLTAxMjM0NQ==',
      },
    });
    expect(run.output()).toMatch(/statuses 204 403/);
    expect(await run.exited).toBe(0);
  });

  for (const file of ['node-app/server.mjs', 'node-app/server.cjs']) {
    it(`runs ${file.slice('node-app/'.length)}: prints listening once ready, stores, locks reads`, async () => {
      const port = await freePort();
      const code = snippet(file).replaceAll('8787', `${port}`);
      await start(app, file.slice('node-app/'.length), code, /listening on/, {
        env: { SURVEYLET_READ_TOKEN: token },
        dataDir,
      });
      await expectCollects(`http://127.0.0.1:${port}/collect`, `docs-${file.split('.')[1]}`);
    });
  }

  it('runs serve() from surveylet/collector/server', async () => {
    const port = await freePort();
    const code = snippet('node-app/serve.mjs').replaceAll('8787', `${port}`);
    await start(app, 'serve.mjs', code, /listening on/, {
      env: { SURVEYLET_READ_TOKEN: token },
      dataDir,
    });
    await expectCollects(`http://127.0.0.1:${port}/collect`, 'docs-serve');
  });

  it('mounts the collector in Express 5 under /feedback, page and API included', async () => {
    const port = await freePort();
    const code = snippet('node-app/express.mjs').replaceAll('8787', `${port}`);
    await start(app, 'express.mjs', code, /listening on/, {
      env: { SURVEYLET_READ_TOKEN: token },
      dataDir,
    });
    const base = `http://127.0.0.1:${port}`;
    await expectCollects(`${base}/feedback`, 'docs-express');
    expect(await (await fetch(`${base}/`)).text()).toBe('My shop');
    const basic = `Basic ${Buffer.from(`me:${token}`).toString('base64')}`;
    const page = await results(`${base}/feedback`, basic);
    expect(page.headers.get('Content-Type')).toMatch(/text\/html/);
  });

  it('serves the collector from Hono on Node', async () => {
    const port = await freePort();
    const code = snippet('node-app/hono.mjs').replaceAll('8787', `${port}`);
    await start(app, 'hono.mjs', code, /listening on/, {
      env: { SURVEYLET_READ_TOKEN: token },
      dataDir,
    });
    await expectCollects(`http://127.0.0.1:${port}/feedback`, 'docs-hono');
  });

  it('runs the webhook receiver: a signed detractor from the documented options is logged, a forged call refused', async () => {
    const port = await freePort();
    const secret = `whsec_${Buffer.from('a-webhook-secret-of-24-bytes').toString('base64')}`;
    const receiver = await start(
      app,
      'receiver.mjs',
      `${snippet('node-app/receiver.mjs').replaceAll('9000', `${port}`)}\nconsole.log('receiver up');\n`,
      /receiver up/,
      { env: { WEBHOOK_SECRET: secret } },
    );
    const forged = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'webhook-id': 'x', 'webhook-timestamp': '1', 'webhook-signature': 'v1,AAAA' },
      body: '{}',
    });
    expect(forged.status).toBe(401);
    // The collector configured with the Webhooks section's options, as written.
    const options = snippet('webhook-options')
      .replace("'https://hooks.example.com/cx'", `'http://127.0.0.1:${port}/hook'`)
      .replace("'whsec_…'", `process.env.WEBHOOK_SECRET`);
    const sender = `import { createCollector } from 'surveylet/collector/pglite';
const collector = createCollector({ dataDir: 'memory://', ${options} });
const reply = await collector.handle(new Request('https://c.example/collect', { method: 'POST',
  body: ${JSON.stringify(JSON.stringify(batch(answer(2, { id: 'docs-hook', type: 'nps' }, { revision: 2, comment: 'Broken' }))))} }));
console.log('stored', reply.status);
await collector.close();
`;
    const sent = await start(app, 'sender.mjs', sender, /stored/, {
      env: { WEBHOOK_SECRET: secret },
    });
    expect(sent.output()).toMatch(/stored 204/);
    await expect
      .poll(receiver.output, { timeout: 10_000 })
      .toContain('detractor on docs-hook: Broken');
  });
});
