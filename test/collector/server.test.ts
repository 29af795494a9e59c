import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Served, serve } from '../../src/collector/server.js';
import { answer, batch } from './fixtures.js';

let served: Served;
const lines: string[] = [];

beforeAll(async () => {
  served = await serve({
    port: 0,
    dataDir: 'memory://',
    readToken: 'operator-key',
    log: (line) => lines.push(line),
  });
}, 60_000);
afterAll(async () => {
  await served?.close();
});

/** Sends raw bytes and resolves to the status line the server answers with. */
function raw(text: string): Promise<string> {
  const { port } = new URL(served.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer.split('\r\n')[0] as string);
      }
    });
    socket.on('error', reject);
  });
}

describe('serve (what surveylet-collector runs)', () => {
  it('listens on this machine only by default and says where', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.some((l) => l.startsWith(`listening on ${served.url}`))).toBe(true);
  });

  it('takes an answer at POST /collect and logs one line for it', async () => {
    const reply = await fetch(`${served.url}/collect`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(batch(answer(9))),
    });
    expect(reply.status).toBe(204);
    expect(lines).toContainEqual(expect.stringMatching(/^POST \/collect 204 \d+ms$/));
  });

  it('survives Host: [ and an absolute request target, and keeps answering', async () => {
    expect(await raw('GET /collect/results HTTP/1.1\r\nHost: [\r\nConnection: close\r\n\r\n')).toBe(
      'HTTP/1.1 401 Unauthorized',
    );
    expect(await raw('GET http://[/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toBe(
      'HTTP/1.1 400 Bad Request',
    );
    const reply = await fetch(`${served.url}/collect/results`, {
      headers: { Authorization: 'Bearer operator-key' },
    });
    expect(reply.status).toBe(200);
  });

  it('answers 413 to a chunked upload without reading it all', async () => {
    const { port } = new URL(served.url);
    const result = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      const chunk = Buffer.alloc(1024 * 1024, 32);
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/collect' });
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, sent });
        req.destroy();
      });
      req.on('error', (error) => (sent > 0 ? undefined : reject(error)));
      const pump = () => {
        // 300 MiB on offer; the server should answer long before.
        while (sent < 300 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(result.status).toBe(413);
    expect(result.sent).toBeLessThan(32 * 1024 * 1024);
  });

  it('serves the results page at / to the operator only', async () => {
    expect((await fetch(`${served.url}/`)).status).toBe(401);
    const page = await fetch(`${served.url}/`, {
      headers: { Authorization: 'Bearer operator-key' },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-api="/collect"');
    expect((await fetch(`${served.url}/nothing-here`)).status).toBe(404);
  });
});
