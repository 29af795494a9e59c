// The rules the config check is written in: one function per kind of field, each saying
// its problems in the shape of messages.ts (or in short, in the loader's build: see `full`
// in diagnose.ts), so the check itself is tables of field names and rules.
import { full } from './diagnose.js';
import { describeValue, quoted, suggestion } from './messages.js';

export type Problems = string[];

/** A problem in short form: the field and its value, and where the full words are. */
function briefly(path: string, value: unknown): string {
  return `surveylet: ${path} is not used (got ${describeValue(value)}); for details, check the config with validateConfig() or use surveylet.bundle.js`;
}

/** Any other problem at `path`: the `words` that follow the field's name, or in short. */
export function said(path: string, value: unknown, words: string | false): string {
  return full ? `surveylet: ${path} ${words}` : briefly(path, value);
}

/** Records that the field at `path` is not what it must be; `false`, so a check can end with it. */
export function problem(
  problems: Problems,
  path: string,
  expected: string | false,
  value: unknown,
) {
  problems.push(said(path, value, full && `must be ${expected} (got ${describeValue(value)})`));
  return false;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkKeys(
  problems: Problems,
  path: string,
  value: object,
  known: readonly string[],
): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    problems.push(
      said(
        path + key,
        key,
        full && `is not a known option, so it is ignored${suggestion(key, known)}`,
      ),
    );
  }
}

/**
 * The check of one field: says its problems and returns false when its value is not
 * used. `owner` is the object that holds it (a rule for one survey type reads the type).
 * Rules are values in tables named by field, so each field's name is written once.
 */
export type Rule = (
  problems: Problems,
  path: string,
  value: unknown,
  owner?: Record<string, unknown>,
) => boolean;

/** Runs the rule of each field of `value`, every one, so all problems are said; true if all pass. */
export function checkFields(
  problems: Problems,
  prefix: string,
  value: Record<string, unknown>,
  rules: Record<string, Rule>,
): boolean {
  let ok = true;
  for (const [key, rule] of Object.entries(rules))
    ok = rule(problems, prefix + key, value[key], value) && ok;
  return ok;
}

export const oneOf =
  (options: readonly string[]): Rule =>
  (problems, path, value) =>
    value === undefined ||
    options.includes(value as string) ||
    problem(problems, path, full && quoted(options), value);

const text =
  (nonEmpty: boolean): Rule =>
  (problems, path, value) =>
    value === undefined ||
    (typeof value === 'string' && (!nonEmpty || value.trim() !== '')) ||
    problem(problems, path, full && (nonEmpty ? 'a non-empty string' : 'a string'), value);
export const anyText = text(false);
export const nonEmptyText = text(true);

export const bool: Rule = (problems, path, value) =>
  value === undefined ||
  typeof value === 'boolean' ||
  problem(problems, path, full && 'true or false', value);

export const number =
  (min: number, max = Infinity): Rule =>
  (problems, path, value) =>
    value === undefined ||
    (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) ||
    problem(
      problems,
      path,
      full &&
        (min === -Infinity
          ? 'a number'
          : max === Infinity
            ? `a number ≥ ${min}`
            : `a number from ${min} to ${max}`),
      value,
    );

export const strings: Rule = (problems, path, value) =>
  value === undefined ||
  (Array.isArray(value) && value.every((v) => typeof v === 'string')) ||
  problem(problems, path, full && 'an array of strings', value);

/** An optional object, `expected` when it is something else, whose contents pass `inner`. */
export const shaped =
  (expected: string | false, inner: Rule): Rule =>
  (problems, path, value) =>
    value === undefined ||
    (isObject(value) ? inner(problems, path, value) : problem(problems, path, expected, value));

/** An optional object with these fields (other keys are left alone). */
export const object = (expected: string | false, rules: Record<string, Rule>) =>
  shaped(expected, (problems, path, value) =>
    checkFields(problems, `${path}.`, value as Record<string, unknown>, rules),
  );
