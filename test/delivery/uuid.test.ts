import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/delivery/uuid.js';

describe('uuidv7', () => {
  it('is a version 7, variant 10 UUID', () => {
    expect(uuidv7()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
  it('starts with the creation time in ms, so ids sort by time', () => {
    const now = Date.UTC(2026, 10, 22, 10, 0, 3, 120);
    const id = uuidv7(now, (b) => b.fill(0xff));
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(now);
    expect(id).toBe(
      `${now
        .toString(16)
        .padStart(12, '0')
        .replace(/^(.{8})/, '$1-')}-7fff-bfff-ffffffffffff`,
    );
    expect(uuidv7(now + 1) > uuidv7(now)).toBe(true);
  });
  it('differs between calls in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => uuidv7(0)));
    expect(ids.size).toBe(1000);
  });
});
