// How the widget says what is wrong with a config. The rules (check.ts) decide at once;
// the full messages (validate.ts) are at hand in the npm entries and the single file, and
// fetched by the script tag's loader only when there is something to say. Until they
// arrive, or when they cannot, each problem is said in a short form naming the field.
import { checkConfig, type Problem } from './check.js';
import { describeValue } from './messages.js';
import type { SurveyletConfig } from './types.js';

/** The result of checking a config: what can be used, and what was wrong with the rest. */
export interface Checked<T> {
  value: T;
  /** One message per problem, each naming the field, the value and the fix. */
  problems: string[];
}

// What the short form says of each kind of problem; every other one "is not valid".
const brief: Partial<Record<Problem[2], string>> = {
  unknown: 'is not a known option, so it is ignored',
  unique: 'is used by an earlier survey, so this one is ignored',
  locale: 'has no built-in wording, so it is not used',
};

/**
 * A problem in short form, naming the field and its value, for when the full message is
 * not at hand (the loader, until its diagnostics file arrives, or when it cannot).
 */
export function briefly([path, value, rule]: Problem): string {
  const got = rule === 'unknown' ? '' : ` (got ${describeValue(value)})`;
  return `surveylet: ${path} ${brief[rule] ?? 'is not valid'}${got}; for details, check the config with validateConfig() or use surveylet.bundle.js`;
}

/** The full validator: every problem in a full message (validateConfig). */
export type Validate = (
  input: unknown,
  pageOrigin: string,
  endpointRequired?: boolean,
) => Checked<SurveyletConfig>;

/**
 * How a widget checks a config: the value at once, and the messages at once (the full
 * validator, validateConfig, at hand in the npm entries and the single file) or once they
 * arrive (the loader's `leanCheck`).
 */
export type Diagnose = (
  input: unknown,
  pageOrigin: string,
  endpointRequired?: boolean,
) => { value: SurveyletConfig; problems: string[] | Promise<string[]> };

/** Where the loader gets the full validator: a file fetched when there is something to say. */
export interface Diagnostics {
  load(): Promise<Validate>;
}

/**
 * The loader's check: these rules decide at once; when they find problems, the full
 * messages follow once `diagnostics` has loaded, or the short forms when it is absent or
 * fails.
 */
export function leanCheck(diagnostics?: Diagnostics): Diagnose {
  return (input, pageOrigin, endpointRequired) => {
    const { value, problems } = checkConfig(input, pageOrigin, endpointRequired);
    const short = problems.map(briefly);
    return {
      value,
      problems:
        diagnostics && short.length
          ? diagnostics
              .load()
              .then((validate) => validate(input, pageOrigin, endpointRequired).problems)
              .catch(() => short)
          : short,
    };
  };
}

/** A check for a caller that can wait: the value with the messages as they are said. */
export async function diagnoseLater(
  diagnose: Diagnose,
  input: unknown,
  pageOrigin: string,
  endpointRequired?: boolean,
): Promise<Checked<SurveyletConfig>> {
  const { value, problems } = diagnose(input, pageOrigin, endpointRequired);
  return { value, problems: await problems };
}

/**
 * Checks a config and warns each problem once: at once where the full messages are at
 * hand, else once they arrive. `problems` fills as they are warned; `said` settles then.
 */
export function warnProblems(
  diagnose: Diagnose,
  input: unknown,
  pageOrigin: string,
): Checked<SurveyletConfig> & { said: Promise<void> } {
  const { value, problems } = diagnose(input, pageOrigin);
  const warned: string[] = [];
  const warn = (messages: string[]) => {
    warned.push(...messages);
    for (const message of messages) console.warn(message);
  };
  const said = Array.isArray(problems) ? Promise.resolve(warn(problems)) : problems.then(warn);
  return { value, problems: warned, said };
}
