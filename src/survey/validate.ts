// The full validator: the rules of check.ts, each problem said in full, naming the field,
// the value and the fix, with "did you mean" for a misspelt key. It is what the npm entries,
// the single-file bundle and validateConfig() use, and the file the script tag's loader
// fetches when its rules find something to say.
import { checkConfig, checkSurvey, checkUrl, type Problem, ruleOperators } from './check.js';
import type { Checked } from './diagnose.js';
import { mustBe, quoted, suggestion } from './messages.js';
import type { SurveyDefinition, SurveyletConfig } from './types.js';

export type { Checked } from './diagnose.js';

const allowed = 'an https: URL, a URL on this site, or a localhost URL';

/** What a field must be, by the shape the rules found it missing. */
export const shapes = {
  config: 'an object like { endpoint: "https://…", surveys: [...] }',
  endpoint: `set to where answers are posted: ${allowed}`,
  url: allowed,
  http: `${allowed}; plain http: is allowed only for localhost`,
  surveys: 'an array of surveys like [{ id: "nps", type: "nps" }]',
  survey: 'an object like { id: "nps", type: "nps" }',
  id: 'a non-empty string that names the survey, like "post-checkout-nps"',
  text: 'a string',
  nonEmpty: 'a non-empty string',
  bool: 'true or false',
  strings: 'an array of strings',
  function: 'a function',
  labels: 'an object like { low: "…", high: "…" }',
  followUp: 'false or an object like { question: "…" }',
  byCategory: 'an object of questions by category',
  trigger: 'an object like { delayMs: 5000 }',
  urls: 'an object like { include: ["/checkout/*"] }',
  audience: 'an object like { plan: { eq: "pro" } }',
  rule: `an object with one of ${ruleOperators.join(', ')}`,
  inList: 'an array of allowed values',
  headers: 'an object of header names to string values',
  headerNames: 'free of Content-Type and Idempotency-Key, which the widget sets',
  stringMap: 'an object of strings',
};

function range(min: number, max: number): string {
  if (min === -Infinity) return 'a number';
  return max === Infinity ? `a number ≥ ${min}` : `a number from ${min} to ${max}`;
}

/** The full message of a problem the rules found. */
export function explain(problem: Problem): string {
  const [path, value] = problem;
  const at = `surveylet: ${path}`;
  switch (problem[2]) {
    case 'unknown':
      return `${at} is not a known option, so it is ignored${suggestion(value as string, problem[3])}`;
    case 'category':
      return `${at} is not a ${problem[3]} category; use ${quoted(problem[4])}`;
    case 'unique':
      return `${at} must be unique (got "${value}" twice); the later one is ignored`;
    case 'locale':
      return `${at} "${value}" has no built-in wording, so it is not used`;
    case 'oneOf':
      return mustBe(at, quoted(problem[3]), value);
    case 'number':
      return mustBe(at, range(problem[3], problem[4]), value);
    case 'only': {
      const field = path.slice(path.lastIndexOf('.') + 1);
      return mustBe(at, `left out: ${field} applies to ${problem[3]} surveys only`, value);
    }
    default:
      return mustBe(at, shapes[problem[2]], value);
  }
}

/** Checks one survey definition, adding a message per problem; `null` when it cannot be shown. */
export function validateSurvey(
  input: unknown,
  path: string,
  problems: string[],
): SurveyDefinition | null {
  const found: Problem[] = [];
  const survey = checkSurvey(input, path, found);
  problems.push(...found.map(explain));
  return survey;
}

/**
 * The endpoint rule: `https:`, the page's own origin, or localhost. Returns a problem
 * message, or `null` when the endpoint is allowed.
 */
export function checkEndpoint(
  endpoint: unknown,
  pageOrigin: string,
  path = 'endpoint',
): string | null {
  const problem = checkUrl(endpoint, pageOrigin, path);
  return problem && explain(problem);
}

/**
 * Checks a whole config. Valid surveys are kept and invalid ones dropped; an invalid
 * option falls back to its default. Nothing throws.
 */
export function validateConfig(
  input: unknown,
  pageOrigin: string,
  /** A remote config may leave the endpoint to the inline one. */
  endpointRequired = true,
): Checked<SurveyletConfig> {
  const { value, problems } = checkConfig(input, pageOrigin, endpointRequired);
  return { value, problems: problems.map(explain) };
}
