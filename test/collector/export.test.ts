import { describe, expect, it } from 'vitest';
import { exportCsv } from '../../src/collector/export.js';
import type { Db } from '../../src/collector/schema.js';
import { backends, storeOn } from './backends.js';
import { answer } from './fixtures.js';

// Survey ids of this file's own: on PostgreSQL the database is shared with other tests.
let serial = 0;
const fresh = (name: string) => `${name}-${process.pid}-${++serial}`;

const header =
  'id,survey_id,type,variant,score,category,comment,complete,created_at,locale,page_url,visitor_id,user_id,traits,received_at,revision';

/** A Db that counts statements and can fail the n-th one, as a dropped connection would. */
function watched(db: Db, failAt = Number.POSITIVE_INFINITY) {
  const seen = { queries: 0, texts: [] as string[] };
  const wrapped: Db = {
    query: (text, params) => {
      seen.queries += 1;
      seen.texts.push(text);
      if (seen.queries >= failAt) return Promise.reject(new Error('connection lost'));
      return db.query(text, params);
    },
  };
  return { db: wrapped, seen };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** CSV records, by a small RFC 4180 reader (quoted cells may hold commas, quotes, newlines). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      record.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return records;
}

describe.each(backends())('CSV export on $name', ({ open }) => {
  const store = storeOn(open);

  /**
   * `count` rows of one survey in one statement, all received at the same instant: the
   * pages can only be told apart by id, the hardest case for keyset pagination.
   */
  async function bulk(surveyId: string, count: number) {
    await store().db.query(
      `INSERT INTO surveylet_responses (id, revision, survey_id, type, variant, score, category,
         complete, created_at, updated_at, body)
       SELECT gen_random_uuid(), 1, $1, 'csat', NULL, 5, 'satisfied', true, now(), now(), '{}'
       FROM generate_series(1, $2::int)`,
      [surveyId, count],
    );
  }

  it('streams every response once, a page per pull, header first', async () => {
    const surveyId = fresh('pages');
    await bulk(surveyId, 2_500);
    const { db, seen } = watched(store().db);
    const reader = exportCsv(db, { surveyId }).getReader();
    const first = await reader.read();
    // The header and the first page; at most one more page read ahead, never all of them.
    expect(new TextDecoder().decode(first.value).split('\r\n')).toHaveLength(1 + 1_000 + 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.queries).toBeLessThanOrEqual(2);
    reader.releaseLock();

    const { db: again, seen: counted } = watched(store().db);
    const records = parseCsv(await readAll(exportCsv(again, { surveyId })));
    expect(records[0]?.join(',')).toBe(header);
    const ids = records.slice(1).map((r) => r[0]);
    expect(ids).toHaveLength(2_500);
    expect(new Set(ids).size).toBe(2_500);
    // 1,000 + 1,000 + 500: the short page ends the export without another statement.
    expect(counted.queries).toBe(3);
    // Keyset pagination: OFFSET would re-read every earlier row for each page.
    expect(counted.texts.some((text) => /\bOFFSET\b/i.test(text))).toBe(false);
  });

  it('filters by survey and received_at, from inclusive and to exclusive', async () => {
    const surveyId = fresh('filter');
    const responses = [answer(1), answer(2), answer(3)].map((r) => ({ ...r, surveyId }));
    await store().upsert(responses);
    const times = ['2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z', '2026-02-03T00:00:00Z'];
    for (const [i, r] of responses.entries()) {
      await store().db.query('UPDATE surveylet_responses SET received_at = $2 WHERE id = $1', [
        r.id,
        times[i],
      ]);
    }
    const from = new Date('2026-02-02T00:00:00Z');
    const to = new Date('2026-02-03T00:00:00Z');
    const records = parseCsv(await readAll(exportCsv(store().db, { surveyId, from, to })));
    expect(records.slice(1).map((r) => r[0])).toEqual([responses[1]?.id]);
    expect(records[1]?.slice(-2)).toEqual(['2026-02-02T00:00:00.000000Z', '1']);
  });

  it('quotes per RFC 4180 and defuses cells a spreadsheet would run', async () => {
    const surveyId = fresh('quoting');
    const comments = [
      '=HYPERLINK("https://evil.example")',
      '+1 great',
      '-2 bad',
      '@admin',
      '\tindented',
      'He said "fine", then\nleft',
      'plain',
    ];
    const responses = comments.map((comment, i) => ({
      ...answer(9, { id: surveyId, type: 'nps' }),
      comment,
      revision: 2,
      user: { id: `u${i}`, traits: { plan: 'pro', note: 'a,b' } },
    }));
    await store().upsert(responses);
    const text = await readAll(exportCsv(store().db, { surveyId }));
    const records = parseCsv(text);
    const byId = new Map(records.slice(1).map((r) => [r[0], r]));
    const comment = 6;
    expect(responses.map((r) => byId.get(r.id)?.[comment])).toEqual([
      `'=HYPERLINK("https://evil.example")`,
      `'+1 great`,
      `'-2 bad`,
      `'@admin`,
      `'\tindented`,
      'He said "fine", then\nleft',
      'plain',
    ]);
    expect(text).toContain('"\'=HYPERLINK(""https://evil.example"")"');
    const row = byId.get(responses[0]?.id);
    // jsonb keeps its own key order; the comma inside makes the cell quoted.
    expect(row?.[13]).toBe('{"note":"a,b","plan":"pro"}');
    expect(text).toContain('"{""note"":""a,b"",""plan"":""pro""}"');
    expect(row?.[15]).toBe('2');
    expect(row?.[14]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('errors the stream when the database fails part-way', async () => {
    const surveyId = fresh('broken');
    await bulk(surveyId, 1_500);
    const { db } = watched(store().db, 2);
    const reader = exportCsv(db, { surveyId }).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await expect(reader.read()).rejects.toThrow('connection lost');
  });
});
