// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { describe, expect, it, vi } from 'vitest';
import { keyValue } from '../../src/targeting/keyValue.js';
import {
  forgetVisitor,
  isVisitorState,
  markEnded,
  markShowing,
  markShown,
  newVisitor,
  readVisitor,
  updateVisitor,
} from '../../src/targeting/visitor.js';

/** The store the widget falls back to without IndexedDB: memory, same contract. */
function memoryStore() {
  vi.stubGlobal('indexedDB', undefined);
  const store = keyValue('surveylet-visitor', 'state', () => {});
  vi.unstubAllGlobals();
  return store;
}

describe('visitor state changes', () => {
  const state = newVisitor('v1');

  it('marks a survey shown: seen, the last shown of any, held against other tabs', () => {
    expect(markShown(state, 'nps', 100, 160)).toEqual({
      ...state,
      lastShownAt: 100,
      surveys: { nps: { seenAt: 100, showingUntil: 160 } },
    });
  });

  it('renews the hold of a survey on screen and keeps what else it remembers', () => {
    const shown = markShown(state, 'nps', 100, 160);
    expect(markShowing(shown, 'nps', 190).surveys.nps).toEqual({ seenAt: 100, showingUntil: 190 });
  });

  it('releases the hold when a survey ends, remembering an answer or a dismissal', () => {
    const shown = markShown(state, 'nps', 100, 160);
    expect(markEnded(shown, 'nps', 'answered', 120).surveys.nps).toEqual({
      seenAt: 100,
      answeredAt: 120,
    });
    expect(markEnded(shown, 'nps', 'dismissed', 120).surveys.nps).toEqual({
      seenAt: 100,
      dismissedAt: 120,
    });
    expect(markEnded(shown, 'nps', 'closed', 120).surveys.nps).toEqual({ seenAt: 100 });
    // The state it was given stays as it was: other readers may hold it.
    expect(shown.surveys.nps).toEqual({ seenAt: 100, showingUntil: 160 });
  });

  it('reads only a record of this version', () => {
    expect(isVisitorState(state)).toBe(true);
    expect(isVisitorState(undefined)).toBe(false);
    expect(isVisitorState({ v: 2, visitorId: 'v1', surveys: {} })).toBe(false);
    expect(isVisitorState({ v: 1, visitorId: 7, surveys: {} })).toBe(false);
  });
});

describe('the visitor record', () => {
  it('is read only when it is a record of this version', async () => {
    const store = memoryStore();
    expect(await readVisitor(store)).toBeUndefined();
    await store.set('visitor', { v: 0, id: 'old' });
    expect(await readVisitor(store)).toBeUndefined();
    await store.set('visitor', newVisitor('v1'));
    expect(await readVisitor(store)).toEqual(newVisitor('v1'));
  });

  it('changes the stored state, not this tab’s older copy, so tabs keep each other’s writes', async () => {
    const store = memoryStore();
    const tabOne = newVisitor('v1');
    await updateVisitor(store, tabOne, (s) => s);
    await updateVisitor(store, newVisitor('v2'), (s) => markShown(s, 'csat', 100, 160));
    const written = await updateVisitor(store, tabOne, (s) => markShown(s, 'nps', 200, 260));
    expect(written.visitorId).toBe('v1');
    expect(Object.keys(written.surveys)).toEqual(['csat', 'nps']);
    expect(await readVisitor(store)).toEqual(written);
  });

  it('starts from this tab’s state when none is stored, or the stored one cannot be read', async () => {
    const store = memoryStore();
    await store.set('visitor', { v: 0, id: 'old' });
    expect(await updateVisitor(store, newVisitor('v1'), (s) => s)).toEqual(newVisitor('v1'));
  });

  it('forgets the visitor on request', async () => {
    const store = memoryStore();
    await updateVisitor(store, newVisitor('v1'), (s) => s);
    await forgetVisitor(store);
    expect(await readVisitor(store)).toBeUndefined();
    expect(await store.get('visitor')).toBeUndefined();
  });
});
