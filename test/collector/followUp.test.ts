import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { optionsFrom } from '../../src/collector/command.js';
import type { FollowUp } from '../../src/collector/followUp.js';
import { inboxLink } from '../../src/collector/followUp.js';
import type { InboxItem } from '../../src/collector/inbox.js';
import type { Db } from '../../src/collector/store.js';
import { createWebhook } from '../../src/collector/webhook.js';
import { backends } from './backends.js';
import { answer } from './fixtures.js';
import { base, bearer, fresh, inboxOn } from './inboxHarness.js';

describe.each(backends())('changing a follow-up on $name', ({ open }) => {
  const { the, seed, list, change } = inboxOn(open, { readOrigins: ['https://admin.example.com'] });

  const item = async (id: string) =>
    ((await (await list(`responseId=${id}`)).json()) as { items: InboxItem[] }).items[0];

  it('moves an answer new → contacted → resolved, with who, when and the first contact', async () => {
    const [r] = await seed({ id: fresh('flow'), type: 'nps' }, [{ score: 2 }]);
    const id = r?.id ?? '';
    const before = Date.now();
    const contacted = await change(id, { status: 'contacted', by: '  Ana\tSilva ' });
    expect(contacted.status).toBe(200);
    const state = (await contacted.json()) as FollowUp;
    expect(state).toMatchObject({ responseId: id, status: 'contacted', by: 'Ana Silva' });
    expect(Date.parse(state.at ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(state.firstContactAt).toBe(state.at);
    expect(await item(id)).toMatchObject({ status: 'contacted', by: 'Ana Silva', at: state.at });

    const resolved = (await (
      await change(id, { status: 'resolved', by: 'Bo' })
    ).json()) as FollowUp;
    expect(resolved).toMatchObject({ status: 'resolved', by: 'Bo' });
    // The first contact stays the first, even when the answer goes back to new.
    expect(resolved.firstContactAt).toBe(state.firstContactAt);
    await change(id, { status: 'new', by: 'Bo' });
    expect(await item(id)).toMatchObject({ status: 'new', firstContactAt: state.firstContactAt });
    const { rows } = await the().db.query<{ status: string; changed_by: string }>(
      `SELECT status, changed_by FROM surveylet_followup_changes
       WHERE response_id = $1 ORDER BY changed_at`,
      [id],
    );
    expect(rows).toEqual([
      { status: 'contacted', changed_by: 'Ana Silva' },
      { status: 'resolved', changed_by: 'Bo' },
      { status: 'new', changed_by: 'Bo' },
    ]);
  });

  it('refuses bad input with a 4xx naming the field, and changes nothing', async () => {
    const [r] = await seed({ id: fresh('bad'), type: 'nps' }, [{ score: 2 }]);
    const id = r?.id ?? '';
    const cases: [string, unknown, number, RegExp][] = [
      [id, { status: 'done', by: 'Ana' }, 422, /^status must be one of "new", "contacted"/],
      [id, { status: 'contacted' }, 422, /^by must be your name/],
      [id, { status: 'contacted', by: '   ' }, 422, /^by must be your name/],
      [id, { status: 'contacted', by: 'x'.repeat(101) }, 422, /^by must be your name/],
      [id, { status: 'contacted', by: 42 }, 422, /^by must be your name/],
      [id, ['contacted', 'Ana'], 422, /^the body must be a JSON object/],
      [id, 'null', 422, /^the body must be a JSON object/],
      [id, '{"status":', 400, /^body is not valid JSON/],
      [id, { status: 'contacted', by: 'Ana', pad: 'x'.repeat(5000) }, 413, /^body over 4096/],
      ['not-a-uuid', { status: 'contacted', by: 'Ana' }, 400, /responseId> \(a UUID\)/],
      [
        '0193a0a0-0000-7000-8000-000000000000',
        { status: 'contacted', by: 'Ana' },
        404,
        /deleted, or never stored/,
      ],
    ];
    for (const [path, body, status, message] of cases) {
      const reply = await change(path, body);
      expect(reply.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect((await reply.json()).error).toMatch(message);
    }
    // A name of 100 characters, emoji counted as one each, is fine.
    expect((await change(id, { status: 'new', by: '🙂'.repeat(100) })).status).toBe(200);
    expect((await item(id))?.by).toBe('🙂'.repeat(100));
  });

  it('takes changes from the operator only', async () => {
    const [r] = await seed({ id: fresh('auth'), type: 'nps' }, [{ score: 2 }]);
    const id = r?.id ?? '';
    expect(
      (await change(id, { status: 'contacted', by: 'Ana' }, { Authorization: '' })).status,
    ).toBe(401);
    const wrong = { Authorization: 'Bearer guess' };
    expect((await change(id, { status: 'contacted', by: 'Ana' }, wrong)).status).toBe(401);
    expect((await item(id))?.status).toBe('new');
  });

  it('refuses what another site could make a signed-in browser send', async () => {
    const [r] = await seed({ id: fresh('csrf'), type: 'nps' }, [{ score: 2 }]);
    const id = r?.id ?? '';
    const body = { status: 'resolved', by: 'Mallory' };
    // What an HTML form on another site can send, credentials and all.
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const reply = await change(id, body, {
        'Content-Type': type,
        'Sec-Fetch-Site': 'cross-site',
      });
      expect(reply.status, type).toBe(415);
      expect((await reply.json()).error).toBe('Content-Type must be application/json');
    }
    for (const site of ['cross-site', 'same-site']) {
      const reply = await change(id, body, {
        'Sec-Fetch-Site': site,
        Origin: 'https://evil.example',
      });
      expect(reply.status, site).toBe(403);
    }
    expect((await item(id))?.status).toBe('new');
    // Another origin may not even be granted the preflight; one in readOrigins is.
    const preflight = (origin: string) =>
      the().collector.handle(
        new Request(`${base}/inbox/${id}`, {
          method: 'OPTIONS',
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'authorization, content-type',
          },
        }),
      );
    expect(
      (await preflight('https://evil.example')).headers.get('Access-Control-Allow-Origin'),
    ).toBeNull();
    const granted = await preflight('https://admin.example.com');
    expect(granted.headers.get('Access-Control-Allow-Origin')).toBe('https://admin.example.com');
    expect(granted.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    const admin = await change(
      id,
      { status: 'contacted', by: 'Admin' },
      {
        'Sec-Fetch-Site': 'cross-site',
        Origin: 'https://admin.example.com',
      },
    );
    expect(admin.status).toBe(200);
    expect(admin.headers.get('Access-Control-Allow-Origin')).toBe('https://admin.example.com');
    // The inbox's answers are never open to any origin, unlike ingest's.
    const evil = await change(id, body, {
      Origin: 'https://evil.example',
      'Sec-Fetch-Site': 'cross-site',
    });
    expect(evil.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const listed = await list('', { ...bearer, Origin: 'https://evil.example' });
    expect(listed.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});

describe('the link from an alert to its inbox item', () => {
  const fetched: string[] = [];
  const hook = (format: 'json' | 'slack', pageUrl?: string) =>
    createWebhook(
      { url: 'https://hooks.example.com/cx', format },
      {
        pageUrl,
        fetch: (async (_url: string, init: RequestInit) => {
          fetched.push(String(init.body));
          return new Response(null, { status: 204 });
        }) as typeof fetch,
      },
    );

  it('links the JSON payload and the Slack text to <pageUrl>#inbox-<responseId>', async () => {
    const detractor = answer(2);
    const link = `https://feedback.example.com/results#inbox-${detractor.id}`;
    expect(inboxLink('https://feedback.example.com/results#top', detractor.id)).toBe(link);
    for (const format of ['json', 'slack'] as const) {
      const webhook = hook(format, 'https://feedback.example.com/results');
      webhook.notify([detractor]);
      await webhook.close();
    }
    const [json, slack] = fetched.splice(0).map((body) => JSON.parse(body));
    expect(json.inboxUrl).toBe(link);
    expect(json.data.id).toBe(detractor.id);
    expect(slack.text).toMatch(
      new RegExp(`\\n<${link.replace(/[.?]/g, '\\$&')}\\|Follow up in the inbox>$`),
    );
  });

  it('sends no link when the page URL is not known', async () => {
    const webhook = hook('json');
    webhook.notify([answer(2)]);
    await webhook.close();
    expect(JSON.parse(fetched.splice(0)[0] ?? '{}')).not.toHaveProperty('inboxUrl');
  });

  it('refuses a page URL that is not http(s) at start, with the fix', () => {
    const db = new PGlite() as unknown as Db;
    for (const pageUrl of [
      'feedback.example.com',
      'javascript:alert(1)',
      'https://u:p@x.example/',
    ]) {
      expect(() => createCollector({ db, pageUrl })).toThrow(
        /pageUrl must be the results page's public http\(s\) URL/,
      );
    }
    expect(() => createCollector({ db, pageUrl: 'https://feedback.example.com/' })).not.toThrow();
    // The command takes it as a flag.
    expect(optionsFrom({ 'page-url': 'https://feedback.example.com/' }, {}).pageUrl).toBe(
      'https://feedback.example.com/',
    );
  });
});
