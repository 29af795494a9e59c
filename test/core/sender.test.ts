import { describe, expect, it, vi } from 'vitest';
import { scoreResponse } from '../../src/core/response.js';
import { batchRequest, createDirectSender } from '../../src/core/sender.js';

const response = scoreResponse({ id: 'nps', type: 'nps' }, 10, {
  id: 'r1',
  now: 0,
  locale: 'en',
  page: { url: 'https://a.example/', referrer: '' },
  visitorId: 'v',
  user: null,
});

describe('batchRequest', () => {
  it('is a CORS-simple POST of a protocol v1 batch', () => {
    const init = batchRequest([response], Date.UTC(2026, 0, 1));
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      credentials: 'omit',
    });
    expect(JSON.parse(init.body as string)).toEqual({
      v: 1,
      sentAt: '2026-01-01T00:00:00.000Z',
      responses: [response],
    });
  });
});

describe('createDirectSender', () => {
  it('posts the response to the endpoint and reports it delivered on 2xx', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    const delivered = vi.fn();
    const sender = createDirectSender('https://c.example/r', { delivered }, fetch, () => 0);
    await sender.enqueue(response);
    expect(fetch).toHaveBeenCalledWith(
      'https://c.example/r',
      expect.objectContaining({ method: 'POST' }),
    );
    expect(delivered).toHaveBeenCalledWith(response);
  });
  it('reports an error status without throwing', async () => {
    const error = vi.fn();
    const sender = createDirectSender(
      'https://c.example/r',
      { error },
      async () => new Response(null, { status: 500 }),
    );
    await expect(sender.enqueue(response)).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledWith(new Error('surveylet: https://c.example/r answered 500'));
  });
  it('survives a host fetch that throws synchronously', async () => {
    const error = vi.fn();
    const sender = createDirectSender('https://c.example/r', { error }, () => {
      throw new TypeError('patched fetch broke');
    });
    await expect(sender.enqueue(response)).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledWith(new TypeError('patched fetch broke'));
  });
});
