// How the widget says what is wrong with a config. validateConfig decides at once what is
// used. Where its words are built in (the npm entries, the single file) it says them at
// once too; the script tag's loader is built without them (see `full`) and says each
// problem once the full check, a file fetched only then, has loaded, or in a short form
// naming the field when that file cannot load.
import type { SurveyletConfig } from './types.js';

// Written in at build time (vite.config.ts): true only in the loader's build.
declare const __SURVEYLET_BRIEF__: boolean;

/**
 * Whether this build carries the words of the config check. Each sentence is written
 * `full && '…'`, so the loader's build drops them all and says each problem in short.
 */
export const full = !__SURVEYLET_BRIEF__;

/** The result of checking a config: what can be used, and what was wrong with the rest. */
export interface Checked<T> {
  value: T;
  /** One message per problem, each naming the field, the value and the fix. */
  problems: string[];
}

/** The config check (validateConfig). */
export type Validate = (
  input: unknown,
  pageOrigin: string,
  endpointRequired?: boolean,
) => Checked<SurveyletConfig>;

/** Where the loader gets the full check: a file fetched when there is something to say. */
export interface Diagnostics {
  load(): Promise<Validate>;
}

/**
 * The loader's way to the full words of a check's problems: once `diagnostics` has loaded
 * and `again` has checked the same input in full; as they are (in short) when it cannot
 * load. Every other build has the words already and never calls this (`full ? … : …`).
 */
export async function inFull(
  problems: string[],
  again: (validate: Validate) => string[],
  diagnostics?: Diagnostics,
): Promise<string[]> {
  if (!diagnostics || !problems[0]) return problems;
  return diagnostics.load().then(again, () => problems);
}

/** `inFull`, then warns each problem once and sets `problems` to what was said. */
export async function warnInFull(...[problems, again, diagnostics]: Parameters<typeof inFull>) {
  const said = await inFull(problems, again, diagnostics);
  problems.splice(0, problems.length, ...said);
  for (const message of said) console.warn(message);
}
