import { describe, expect, it } from 'vitest';
import type { InboxItem, InboxSummary } from '../../src/collector/inbox.js';
import { backends } from './backends.js';
import { fresh, inboxOn } from './inboxHarness.js';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe.each(backends())('the follow-up inbox on $name', ({ open }) => {
  const { the, seed, list, change } = inboxOn(open);

  const inbox = async (query: string) => {
    const reply = await list(query);
    expect(reply.status).toBe(200);
    return (await reply.json()) as { items: InboxItem[]; summary: InboxSummary };
  };
  /** Sets when an answer was first contacted, as if it had happened then. */
  const contactedAt = (id: string, at: string) =>
    the().db.query('UPDATE surveylet_followups SET first_contact_at = $2 WHERE response_id = $1', [
      id,
      at,
    ]);

  it('lists the unhappy first, worst score first, the newest first within a score', async () => {
    const id = fresh('order');
    const fiveHoursAgo = hoursAgo(5);
    const [promoter, passive, oldThree, zero, newThree] = await seed({ id, type: 'nps' }, [
      { score: 10, at: hoursAgo(1) },
      { score: 7, at: hoursAgo(1) },
      { score: 3, at: fiveHoursAgo, comment: 'Too slow' },
      { score: 0, at: hoursAgo(3) },
      { score: 3, at: hoursAgo(2) },
    ]);
    const { items } = await inbox(`surveyId=${id}`);
    expect(items.map((i) => i.responseId)).toEqual(
      [zero, newThree, oldThree, passive, promoter].map((r) => r?.id),
    );
    expect(items[2]).toMatchObject({
      surveyId: id,
      type: 'nps',
      score: 3,
      category: 'detractor',
      comment: 'Too slow',
      page: 'https://shop.example.com/done',
      locale: 'en',
      receivedAt: fiveHoursAgo,
      userId: oldThree?.user?.id,
      traits: { plan: 'pro' },
      status: 'new',
      by: null,
      at: null,
      firstContactAt: null,
    });
  });

  it('puts the hardest CES effort answers first: 5 is the worst there', async () => {
    const id = fresh('effort');
    await seed({ id, type: 'ces', variant: 'effort' }, [
      { score: 1 },
      { score: 4 },
      { score: 5 },
      { score: 3 },
    ]);
    const { items } = await inbox(`surveyId=${id}`);
    expect(items.map((i) => i.score)).toEqual([5, 4, 3, 1]);
  });

  it('filters by status, dates, survey and answer, and stops at the limit', async () => {
    const id = fresh('filters');
    const [a, b, c] = await seed({ id, type: 'csat' }, [
      { score: 1, at: '2026-11-02T10:00:00Z' },
      { score: 2, at: '2026-11-05T10:00:00Z' },
      { score: 5, at: '2026-11-06T10:00:00Z' },
    ]);
    const ids = async (query: string) =>
      (await inbox(`surveyId=${id}&${query}`)).items.map((i) => i.responseId);
    expect((await change(a?.id ?? '', { status: 'contacted', by: 'Ana' })).status).toBe(200);
    expect(await ids('status=contacted')).toEqual([a?.id]);
    expect(await ids('status=new')).toEqual([b?.id, c?.id]);
    expect(await ids('status=resolved')).toEqual([]);
    // A date-only `to` includes its whole day, as on the results.
    expect(await ids('from=2026-11-03&to=2026-11-05')).toEqual([b?.id]);
    expect(await ids('from=2026-11-03&to=2026-11-06')).toEqual([b?.id, c?.id]);
    expect(await ids('limit=1')).toEqual([a?.id]);
    // The item an alert links to, whatever the other filters say.
    expect(await ids(`status=resolved&responseId=${c?.id.toUpperCase()}`)).toEqual([c?.id]);
    expect((await inbox(`surveyId=${fresh('none')}`)).items).toEqual([]);
  });

  it('refuses a bad query with a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['status=done', 'status'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=1.5', 'limit'],
      ['responseId=42', 'responseId'],
      ['from=yesterday', 'from'],
    ]) {
      const reply = await list(query ?? '');
      expect(reply.status, query).toBe(400);
      expect((await reply.json()).error, query).toMatch(new RegExp(`^${field}`));
    }
  });

  it('is for the operator only', async () => {
    expect((await list('')).status).toBe(200);
    expect((await list('', {})).status).toBe(401);
    expect((await list('', { Authorization: 'Bearer guess' })).status).toBe(401);
  });

  it('tells the median time to first contact and the share of low answers contacted within a day', async () => {
    const id = fresh('summary');
    const [fast, slow, never, tooNew, late, happy] = await seed({ id, type: 'nps' }, [
      { score: 2, at: hoursAgo(48) },
      { score: 5, at: hoursAgo(72) },
      { score: 1, at: hoursAgo(30) },
      { score: 0, at: hoursAgo(2) },
      { score: 6, at: hoursAgo(4) },
      { score: 10, at: hoursAgo(50) },
    ]);
    for (const r of [fast, slow, late, happy]) {
      expect((await change(r?.id ?? '', { status: 'contacted', by: 'Ana' })).status).toBe(200);
    }
    await contactedAt(fast?.id ?? '', hoursAgo(46)); // 2 h after the answer
    await contactedAt(slow?.id ?? '', hoursAgo(24)); // 48 h after
    await contactedAt(late?.id ?? '', hoursAgo(1)); // 3 h after, still within its day
    await contactedAt(happy?.id ?? '', hoursAgo(40)); // 10 h after
    const { summary } = await inbox(`surveyId=${id}&status=resolved&limit=1`);
    // Waits of 2, 3, 10 and 48 hours: the median is 6.5 hours.
    expect(summary.contacted).toBe(4);
    expect(summary.medianFirstContactMs).toBeGreaterThan(6.5 * 3_600_000 - 60_000);
    expect(summary.medianFirstContactMs).toBeLessThan(6.5 * 3_600_000 + 60_000);
    // Low answers whose day is decided: fast and late (in time), slow and never (not);
    // tooNew still has time, so it counts neither way.
    expect(summary.lowContactedWithinDay).toEqual({ contacted: 2, of: 4, share: 0.5 });
    expect(summary.lowNotContacted).toBe(2);
    expect(never && tooNew).toBeTruthy();
    const empty = await inbox(`surveyId=${fresh('nothing')}`);
    expect(empty.summary).toEqual({
      contacted: 0,
      medianFirstContactMs: null,
      lowNotContacted: 0,
      lowContactedWithinDay: { contacted: 0, of: 0, share: null },
    });
  });

  it('forgets the follow-up with the answer: deleteRespondent and the retention purge', async () => {
    const id = fresh('forget');
    const [mine, old, kept] = await seed({ id, type: 'nps' }, [
      { score: 1, userId: `gone-${id}` },
      { score: 2, at: hoursAgo(24 * 400) },
      { score: 3 },
    ]);
    for (const r of [mine, old, kept]) {
      expect((await change(r?.id ?? '', { status: 'contacted', by: 'Ana' })).status).toBe(200);
    }
    const left = async (table: string) =>
      (
        await the().db.query<{ id: string }>(
          `SELECT response_id AS id FROM ${table} WHERE response_id = ANY($1::uuid[])`,
          [[mine, old, kept].map((r) => r?.id)],
        )
      ).rows.map((row) => String(row.id));
    expect(await the().collector.deleteRespondent({ userId: `gone-${id}` })).toBe(1);
    expect(await the().collector.purge(365)).toBeGreaterThanOrEqual(1);
    expect(await left('surveylet_followups')).toEqual([kept?.id]);
    expect(await left('surveylet_followup_changes')).toEqual([kept?.id]);
    expect((await inbox(`surveyId=${id}`)).items.map((i) => i.responseId)).toEqual([kept?.id]);
  });
});
