import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, batch } from '../collector/fixtures.js';
import { installPacked, packPackage } from '../fixtures/packed.js';
import { freePort, start, stopAll } from './run.js';
import { snippet } from './snippets.js';

// docs/collector.md's Next.js route handler, saved where the docs say, built with
// `next build` (Next.js 16, Turbopack) in an app that installed PGlite and not `pg`,
// then served by `next start`. The fixture's Turbopack root is the app itself, so the
// repository's own node_modules cannot stand in for a package the app lacks.
const route = 'next-app/app/api/feedback/[[...path]]/route.ts';
const exec = promisify(execFile);
let app: string;
let packFolder: string;
let build: { stdout: string; stderr: string };

const clean = () => {
  for (const path of ['.next', '.surveylet-data', 'app/api', 'next-env.d.ts', 'snippets']) {
    rmSync(join(app, path), { recursive: true, force: true });
  }
};

beforeAll(async () => {
  const { tarball, folder } = packPackage();
  packFolder = folder;
  app = installPacked(tarball, 'next-app');
  clean();
  const file = join(app, route.slice('next-app/'.length));
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, snippet(route));
  build = await exec(join(app, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: app,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', SURVEYLET_READ_TOKEN: '' },
  });
}, 240_000);
afterAll(() => {
  stopAll();
  clean();
  rmSync(packFolder, { recursive: true, force: true });
});

describe('the Next.js route handler of docs/collector.md', () => {
  it('builds with `next build` and opens nothing while building', () => {
    expect(build.stdout).toMatch(/\/api\/feedback\/\[\[\.\.\.path\]\]/);
    expect(existsSync(join(app, '.surveylet-data'))).toBe(false);
    // Nothing ran at build time that belongs to the running app, warnings included.
    expect(`${build.stdout}${build.stderr}`).not.toMatch(/surveylet collector/);
  });

  it('stores an answer and reads results under `next start`', async () => {
    const port = await freePort();
    const next = join(app, 'node_modules', '.bin', 'next');
    await start(app, 'start.sh', `exec "${next}" start -p ${port} "${app}"\n`, /Ready in/, {
      command: ['sh', 'start.sh'],
      env: { NEXT_TELEMETRY_DISABLED: '1', SURVEYLET_READ_TOKEN: 'next-token' },
    });
    const base = `http://127.0.0.1:${port}/api/feedback`;
    const posted = await fetch(base, {
      method: 'POST',
      body: JSON.stringify(batch(answer(3, { id: 'docs-next', type: 'nps' }))),
    });
    expect(posted.status).toBe(204);
    expect((await fetch(`${base}/results`)).status).toBe(401);
    const read = await fetch(`${base}/results?surveyId=docs-next`, {
      headers: { Authorization: 'Bearer next-token' },
    });
    expect((await read.json()).surveys[0]).toMatchObject({ surveyId: 'docs-next', count: 1 });
  });
});
