import type { KeyValue } from './keyValue.js';

/** What the visitor's browser remembers about one survey (ms since epoch). */
export interface SurveyMemory {
  seenAt?: number;
  answeredAt?: number;
  dismissedAt?: number;
  /** Another tab shows this survey until then. */
  showingUntil?: number;
}

/** The visitor state kept in IndexedDB. */
export interface VisitorState {
  v: 1;
  visitorId: string;
  /** When this visitor last saw any survey: `minDaysBetweenSurveys` counts from here. */
  lastShownAt: number | null;
  surveys: Record<string, SurveyMemory>;
}

/** How a survey left the screen. */
export type Outcome = 'answered' | 'dismissed' | 'closed';

const visitorKey = 'visitor';

/** A fresh visitor: a new id and nothing remembered. */
export function newVisitor(visitorId: string): VisitorState {
  return { v: 1, visitorId, lastShownAt: null, surveys: {} };
}

/** Whether a stored value is a visitor state this version reads; anything else is replaced. */
export function isVisitorState(value: unknown): value is VisitorState {
  const state = value as VisitorState | undefined;
  return state?.v === 1 && typeof state.visitorId === 'string' && typeof state.surveys === 'object';
}

function remember(
  state: VisitorState,
  surveyId: string,
  change: (memory: SurveyMemory) => SurveyMemory,
): VisitorState {
  return {
    ...state,
    surveys: { ...state.surveys, [surveyId]: change({ ...state.surveys[surveyId] }) },
  };
}

/** A survey claimed for this tab at `at`: seen, and held against other tabs until `until`. */
export function markShown(state: VisitorState, surveyId: string, at: number, until: number) {
  const next = remember(state, surveyId, (m) => ({ ...m, seenAt: at, showingUntil: until }));
  return { ...next, lastShownAt: at };
}

/** The claim on a survey still on screen, renewed until `until`. */
export function markShowing(state: VisitorState, surveyId: string, until: number) {
  return remember(state, surveyId, (m) => ({ ...m, showingUntil: until }));
}

/** A survey gone from the screen: its claim released, an answer or a dismissal remembered. */
export function markEnded(state: VisitorState, surveyId: string, outcome: Outcome, at: number) {
  return remember(state, surveyId, (memory) => {
    delete memory.showingUntil;
    if (outcome === 'answered') memory.answeredAt = at;
    if (outcome === 'dismissed') memory.dismissedAt = at;
    return memory;
  });
}

/** The stored visitor state, if there is one this version reads. */
export async function readVisitor(store: KeyValue): Promise<VisitorState | undefined> {
  const stored = await store.get<VisitorState>(visitorKey);
  return isVisitorState(stored) ? stored : undefined;
}

/**
 * Every write of the visitor state goes through here: `change` gets the stored state
 * (or `fallback`, this tab's, when none is stored) inside one transaction, so tabs never
 * lose each other's writes. Resolves to the state written.
 */
export function updateVisitor(
  store: KeyValue,
  fallback: VisitorState,
  change: (state: VisitorState) => VisitorState,
): Promise<VisitorState> {
  return store.update<VisitorState>(visitorKey, (stored) =>
    change(isVisitorState(stored) ? stored : fallback),
  );
}

/** Forgets the visitor (consent withdrawn): nothing about them stays stored. */
export function forgetVisitor(store: KeyValue): Promise<void> {
  return store.set(visitorKey, undefined);
}
