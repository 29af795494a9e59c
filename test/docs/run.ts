import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** A free TCP port on 127.0.0.1, for a snippet that listens on a fixed one. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A process a snippet started, and what it printed so far. */
export interface Running {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

const running: ChildProcess[] = [];

/** Stops every process a test started (afterAll / afterEach). */
export function stopAll(): void {
  for (const child of running.splice(0)) {
    // The whole process group: `sh` → `npx` → node would otherwise outlive the shell.
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }
}

/**
 * Saves a snippet as `file` in a folder of its own under the fixture app (so it
 * resolves the app's node_modules, and PGlite's folder is its own), then starts it
 * and waits until it prints `ready` (or exits, which fails with what it printed).
 */
export async function start(
  app: string,
  file: string,
  code: string,
  ready: RegExp,
  options: { env?: Record<string, string>; command?: string[]; dataDir?: string } = {},
): Promise<Running> {
  const folder = join(app, 'snippets', file.replace(/[^\w.-]/g, '_'));
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(dirname(join(folder, file)), { recursive: true });
  // A copy of a PGlite folder made once: creating one costs seconds, opening one does not.
  if (options.dataDir)
    cpSync(options.dataDir, join(folder, '.surveylet-data'), { recursive: true });
  writeFileSync(join(folder, file), code);
  const [command, ...args] = options.command ?? [process.execPath, file];
  const child = spawn(command as string, args, {
    cwd: folder,
    // As on a user's machine: the test run's DATABASE_URL (CI's PostgreSQL) would make
    // the command choose PostgreSQL, where earlier runs' answers are still stored.
    env: { ...process.env, DATABASE_URL: '', NODE_NO_WARNINGS: '1', ...options.env },
    detached: true, // its own process group, so stopAll() stops what it started too
  });
  running.push(child);
  let out = '';
  const collect = (chunk: Buffer) => {
    out += chunk;
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const check = () => ready.test(out) && resolve();
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    exited.then((code) => reject(new Error(`${file} exited with ${code} before ready: ${out}`)));
  });
  return { child, output: () => out, exited };
}
