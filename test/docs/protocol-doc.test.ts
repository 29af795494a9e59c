import { PGlite } from '@electric-sql/pglite';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { checkBatch } from '../../src/collector/validate.js';
import schema from '../../src/protocol.schema.json';
import { snippet } from './snippets.js';

// docs/protocol.md is the contract for endpoints others write: its example body must be
// what the schema and the reference collector accept, and its SQL must keep the
// highest revision as the text says.
describe('docs/protocol.md', () => {
  /** A documented body, its comments stripped, checked by the JSON Schema and the collector. */
  const accepted = (name: string) => {
    const body = JSON.parse(snippet(name).replace(/\s+\/\/ .*$/gm, ''));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    const checked = checkBatch(body, Date.parse(body.sentAt));
    expect(checked).not.toHaveProperty('problem');
    return { body, checked };
  };

  it('shows a request body the JSON Schema and the reference collector accept', () => {
    const { body, checked } = accepted('protocol-body');
    // The context shown is kept whole: every field of it is one the collector knows.
    expect(checked).toMatchObject({
      batch: { responses: [{ context: body.responses[0].context }] },
    });
  });

  it('shows a batch of events alone that the JSON Schema and the reference collector accept', () => {
    const { body, checked } = accepted('protocol-events');
    expect(checked).toMatchObject({ batch: { responses: [], events: body.events } });
  });

  it('upserts by id keeping the highest revision with its SQL', async () => {
    const db = new PGlite();
    await db.query('CREATE TABLE responses (id uuid PRIMARY KEY, revision integer, body jsonb)');
    const id = '01936c1e-7c4a-7d1e-9a0b-3f2c8e1d4b55';
    const upsert = (revision: number) =>
      db.query(snippet('protocol-upsert'), [id, revision, JSON.stringify({ revision })]);
    for (const revision of [1, 2, 2, 1]) await upsert(revision);
    const { rows } = await db.query('SELECT revision, body FROM responses');
    expect(rows).toEqual([{ revision: 2, body: { revision: 2 } }]);
    await db.close();
  });
});
