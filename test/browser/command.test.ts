import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, batch } from '../collector/fixtures.js';
import { axeViolations, launchChromium, watchErrors } from './harness.js';

// `surveylet-collector` as an operator runs it: the built command in its own process.
const root = join(import.meta.dirname, '..', '..');
const data = mkdtempSync(join(tmpdir(), 'surveylet-command-'));
const running: ChildProcess[] = [];
let browser: Browser;

interface Started {
  process: ChildProcess;
  url: string;
  output: () => string;
}

async function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, ['dist/cli.js', '--port', '0', ...args], {
    cwd: root,
    env: { ...process.env, SURVEYLET_READ_TOKEN: '', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  child.stderr?.on('data', (chunk) => {
    out += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1] as string);
    });
    child.on('exit', (code) =>
      reject(new Error(`surveylet-collector exited with ${code}: ${out}`)),
    );
  });
  return { process: child, url, output: () => out };
}

const postTo = (url: string, body: unknown) =>
  fetch(`${url}/collect`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  for (const child of running) child.kill('SIGKILL');
  rmSync(data, { recursive: true, force: true });
});

describe('surveylet-collector', () => {
  it('takes answers, keeps the results behind the token, shows them to the operator, and stops on SIGTERM', async () => {
    const server = await start(['--data-dir', data, '--read-token', 'operator-key']);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const detractor = answer(
      3,
      { id: 'command-nps', type: 'nps' },
      { revision: 2, comment: 'Too slow' },
    );
    expect(
      (await postTo(server.url, batch(answer(10, { id: 'command-nps', type: 'nps' }), detractor)))
        .status,
    ).toBe(204);

    const anonymous = await fetch(`${server.url}/collect/results`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('WWW-Authenticate')).toContain('Basic');
    expect((await fetch(`${server.url}/`)).status).toBe(401);
    const api = await fetch(`${server.url}/collect/results`, {
      headers: { Authorization: 'Bearer operator-key' },
    });
    expect((await api.json()).surveys[0]).toMatchObject({ surveyId: 'command-nps', count: 2 });

    const context = await browser.newContext({
      httpCredentials: { username: 'operator', password: 'operator-key' },
      bypassCSP: true,
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await expect
      .poll(() => page.locator('.metric').first().textContent(), { timeout: 10_000 })
      // Two answers are too few for a headline: the page says so instead of a big "NPS 0".
      .toBe('NPS: too few answers to tell (n = 2)');
    // The comment is among the latest comments, and waits in the follow-up inbox.
    for (const where of ['#surveys', '#inbox-items']) {
      const comment = page.locator(where).getByText('Too slow', { exact: true });
      // The inbox asks for its list after the results: wait for it as a reader would.
      await expect.poll(() => comment.isVisible(), { message: where }).toBe(true);
    }
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    expect(server.output()).toMatch(/POST \/collect 204 \d+ms/);
    expect(server.output()).toMatch(/GET \/collect\/results 401 \d+ms/);
    const exited = new Promise<number | null>((resolve) => server.process.on('exit', resolve));
    server.process.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(server.output()).toContain('shutting down');
  });

  it('makes up a read token and prints it when none is given', async () => {
    const server = await start(['--data-dir', join(data, 'made-up')]);
    const token = /read token .*: (\S+)/.exec(server.output())?.[1] as string;
    expect(token).toMatch(/^[\w-]{20,}$/);
    expect((await fetch(`${server.url}/collect/results`)).status).toBe(401);
    const reply = await fetch(`${server.url}/collect/results`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(reply.status).toBe(200);
    server.process.kill('SIGTERM');
  });

  it('refuses a bad flag with the usage and exit code 2', async () => {
    const child = spawn(process.execPath, ['dist/cli.js', '--rate-limit', 'lots'], { cwd: root });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(out).toContain('--rate-limit must be a whole number (got "lots")');
    expect(out).toContain('Options:');
  });
});

describe('more than one machine', () => {
  const url = process.env.DATABASE_URL;
  it.runIf(url)(
    'two collector processes on one PostgreSQL store each id once at its highest revision',
    async () => {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const name = `surveylet_two_${process.pid}`;
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      const database = (url as string).replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
      try {
        const servers = await Promise.all([
          start(['--database', database, '--read-token', 'k', '--rate-limit', '0']),
          start(['--database', database, '--read-token', 'k', '--rate-limit', '0']),
        ]);
        const base = Array.from({ length: 40 }, (_, i) =>
          answer(i % 11, { id: 'two', type: 'nps' }),
        );
        const batches = Array.from({ length: 60 }, (_, b) =>
          base
            .filter((_, i) => (i + b) % 3 !== 0)
            .map((r) => ({ ...r, revision: 1 + ((b * 7 + r.score) % 4), comment: `batch ${b}` })),
        );
        const statuses = await Promise.all(
          batches.map((responses, b) =>
            postTo((servers[b % 2] as Started).url, batch(...responses)),
          ),
        );
        expect(statuses.map((r) => r.status).every((s) => s === 204)).toBe(true);
        const highest = new Map<string, number>();
        for (const responses of batches) {
          for (const r of responses)
            highest.set(r.id, Math.max(highest.get(r.id) ?? 0, r.revision));
        }
        const check = new pg.Client({ connectionString: database });
        await check.connect();
        const { rows } = await check.query<{ id: string; revision: number }>(
          'SELECT id, revision FROM surveylet_responses',
        );
        await check.end();
        expect(rows).toHaveLength(highest.size);
        for (const row of rows) expect(row.revision).toBe(highest.get(row.id));
        for (const server of servers) {
          const exited = new Promise((resolve) => server.process.on('exit', resolve));
          server.process.kill('SIGTERM');
          await exited;
        }
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    },
  );
});
