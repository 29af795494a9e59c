// The config check: what the widget uses of a config, and a message per problem naming
// the field, the value and the fix. Each sentence is written `full && '…'`: the script
// tag's loader is built without them (see `full` in diagnose.ts) and fetches this check
// in full only when there is something to say.
import { type Checked, full } from './diagnose.js';
import { builtInLocaleOf, stringKeys } from './languages.js';
import { describeValue, quoted, suggestion } from './messages.js';
import type { SurveyDefinition, SurveyletConfig } from './types.js';

export type { Checked } from './diagnose.js';

type Problems = string[];

export const surveyTypes = ['nps', 'csat', 'ces'] as const;
export const cesVariants = ['agreement', 'effort'] as const;
export const positions = [
  'bottom-right',
  'bottom-left',
  'top-right',
  'top-left',
  'center',
  'inline',
];
const categoriesByType: Record<string, string[]> = {
  nps: ['detractor', 'passive', 'promoter'],
  csat: ['dissatisfied', 'neutral', 'satisfied'],
  ces: ['difficult', 'neutral', 'easy'],
};
const ruleOperators = ['eq', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'];
const themeKeys = ['accent', 'bg', 'fg', 'muted', 'radius', 'font', 'shadow'];
const surveyKeys = [
  'id',
  'type',
  'question',
  'style',
  'variant',
  'labels',
  'followUp',
  'thankYou',
  'position',
  'trigger',
  'audience',
  'sample',
  'recontactDays',
  'dismissCooldownDays',
];
const configKeys = [
  'endpoint',
  'surveys',
  'configUrl',
  'brand',
  'locale',
  'strings',
  'theme',
  'colorScheme',
  'zIndex',
  'nonce',
  'requireConsent',
  'minDaysBetweenSurveys',
  'headers',
  'debug',
  'onError',
];

/** A problem in short form: the field and its value, and where the full words are. */
function briefly(path: string, value: unknown): string {
  return `surveylet: ${path} is not used (got ${describeValue(value)}); for details, check the config with validateConfig() or use surveylet.bundle.js`;
}

/** Any other problem at `path`: the `words` that follow the field's name, or in short. */
function said(path: string, value: unknown, words: string | false): string {
  return full ? `surveylet: ${path} ${words}` : briefly(path, value);
}

/** Records that the field at `path` is not what it must be; `false`, so a check can end with it. */
function problem(problems: Problems, path: string, expected: string | false, value: unknown) {
  problems.push(said(path, value, full && `must be ${expected} (got ${describeValue(value)})`));
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(
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

function oneOf(problems: Problems, path: string, value: unknown, options: readonly string[]) {
  return (
    value === undefined ||
    options.includes(value as string) ||
    problem(problems, path, full && quoted(options), value)
  );
}

function text(problems: Problems, path: string, value: unknown, nonEmpty = false): boolean {
  if (value === undefined) return true;
  if (typeof value === 'string' && (!nonEmpty || value.trim() !== '')) return true;
  return problem(problems, path, full && (nonEmpty ? 'a non-empty string' : 'a string'), value);
}

function bool(problems: Problems, path: string, value: unknown): boolean {
  return (
    value === undefined ||
    typeof value === 'boolean' ||
    problem(problems, path, full && 'true or false', value)
  );
}

function number(problems: Problems, path: string, value: unknown, min: number, max = Infinity) {
  if (value === undefined) return true;
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max)
    return true;
  const range =
    full &&
    (min === -Infinity
      ? 'a number'
      : max === Infinity
        ? `a number ≥ ${min}`
        : `a number from ${min} to ${max}`);
  return problem(problems, path, range, value);
}

function strings(problems: Problems, path: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return true;
  return problem(problems, path, full && 'an array of strings', value);
}

function checkFollowUp(problems: Problems, path: string, value: unknown, type: string): boolean {
  if (value === undefined || value === false) return true;
  if (!isObject(value))
    return problem(problems, path, full && 'false or an object like { question: "…" }', value);
  let ok = text(problems, `${path}.question`, value.question, true);
  ok = bool(problems, `${path}.required`, value.required) && ok;
  ok = number(problems, `${path}.maxLength`, value.maxLength, 1, 10000) && ok;
  const byCategory = value.byCategory;
  if (byCategory !== undefined) {
    if (!isObject(byCategory)) {
      ok = problem(
        problems,
        `${path}.byCategory`,
        full && 'an object of questions by category',
        byCategory,
      );
    } else {
      const allowed = categoriesByType[type] ?? [];
      for (const [category, question] of Object.entries(byCategory)) {
        if (!allowed.includes(category)) {
          problems.push(
            said(
              `${path}.byCategory.${category}`,
              question,
              full && `is not a ${type} category; use ${quoted(allowed)}`,
            ),
          );
          ok = false;
        } else {
          ok = text(problems, `${path}.byCategory.${category}`, question, true) && ok;
        }
      }
    }
  }
  return ok;
}

function checkTrigger(problems: Problems, path: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (!isObject(value))
    return problem(problems, path, full && 'an object like { delayMs: 5000 }', value);
  let ok = number(problems, `${path}.delayMs`, value.delayMs, 0);
  ok = number(problems, `${path}.scrollPercent`, value.scrollPercent, 0, 100) && ok;
  ok = bool(problems, `${path}.exitIntent`, value.exitIntent) && ok;
  ok = text(problems, `${path}.event`, value.event, true) && ok;
  const urls = value.urls;
  if (urls !== undefined) {
    if (!isObject(urls))
      return problem(
        problems,
        `${path}.urls`,
        full && 'an object like { include: ["/checkout/*"] }',
        urls,
      );
    ok = strings(problems, `${path}.urls.include`, urls.include) && ok;
    ok = strings(problems, `${path}.urls.exclude`, urls.exclude) && ok;
  }
  return ok;
}

function checkAudience(problems: Problems, path: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (!isObject(value))
    return problem(problems, path, full && 'an object like { plan: { eq: "pro" } }', value);
  let ok = true;
  for (const [trait, rule] of Object.entries(value)) {
    const rulePath = `${path}.${trait}`;
    if (!isObject(rule) || Object.keys(rule).length === 0) {
      ok = problem(
        problems,
        rulePath,
        full && `an object with one of ${ruleOperators.join(', ')}`,
        rule,
      );
      continue;
    }
    for (const [operator, operand] of Object.entries(rule)) {
      const at = `${rulePath}.${operator}`;
      if (!ruleOperators.includes(operator)) {
        ok = problem(
          problems,
          `${rulePath}`,
          full && `an object with one of ${ruleOperators.join(', ')}`,
          rule,
        );
      } else if (operator === 'in' && !Array.isArray(operand)) {
        ok = problem(problems, at, full && 'an array of allowed values', operand);
      } else if (operator === 'exists') {
        ok = bool(problems, at, operand) && ok;
      } else if (operator !== 'eq' && operator !== 'in') {
        ok = number(problems, at, operand, -Infinity) && ok;
      }
    }
  }
  return ok;
}

/** Checks one survey definition; `null` when it cannot be shown. */
export function validateSurvey(
  input: unknown,
  path: string,
  problems: Problems,
): SurveyDefinition | null {
  if (!isObject(input)) {
    problem(problems, path, full && 'an object like { id: "nps", type: "nps" }', input);
    return null;
  }
  const s = input;
  checkKeys(problems, `${path}.`, s, surveyKeys);
  let ok = typeof s.id === 'string' && s.id.trim() !== '';
  if (!ok)
    problem(
      problems,
      `${path}.id`,
      full && 'a non-empty string that names the survey, like "post-checkout-nps"',
      s.id,
    );
  const typeOk = surveyTypes.includes(s.type as never);
  if (!typeOk) ok = problem(problems, `${path}.type`, full && quoted(surveyTypes), s.type);
  ok = text(problems, `${path}.question`, s.question, true) && ok;
  const onlyFor = (field: 'style' | 'variant', type: string, options: readonly string[]) =>
    s[field] !== undefined && s.type !== type
      ? problem(
          problems,
          `${path}.${field}`,
          full && `left out: ${field} applies to ${type} surveys only`,
          s[field],
        )
      : oneOf(problems, `${path}.${field}`, s[field], options);
  ok = onlyFor('style', 'csat', ['numbers', 'stars', 'emoji']) && ok;
  ok = onlyFor('variant', 'ces', cesVariants) && ok;
  if (s.labels !== undefined) {
    if (!isObject(s.labels))
      ok = problem(
        problems,
        `${path}.labels`,
        full && 'an object like { low: "…", high: "…" }',
        s.labels,
      );
    else {
      ok = text(problems, `${path}.labels.low`, s.labels.low, true) && ok;
      ok = text(problems, `${path}.labels.high`, s.labels.high, true) && ok;
    }
  }
  if (typeOk) ok = checkFollowUp(problems, `${path}.followUp`, s.followUp, s.type as string) && ok;
  ok = text(problems, `${path}.thankYou`, s.thankYou, true) && ok;
  ok = oneOf(problems, `${path}.position`, s.position, positions) && ok;
  ok = checkTrigger(problems, `${path}.trigger`, s.trigger) && ok;
  ok = checkAudience(problems, `${path}.audience`, s.audience) && ok;
  ok = number(problems, `${path}.sample`, s.sample, 0, 1) && ok;
  ok = number(problems, `${path}.recontactDays`, s.recontactDays, 0) && ok;
  ok = number(problems, `${path}.dismissCooldownDays`, s.dismissCooldownDays, 0) && ok;
  return ok ? (s as unknown as SurveyDefinition) : null;
}

/**
 * The endpoint rule: `https:`, the page's own origin, or
 * localhost. Returns a problem message, or `null` when the endpoint is allowed.
 */
export function checkEndpoint(
  endpoint: unknown,
  pageOrigin: string,
  path = 'endpoint',
): string | null {
  const problems: Problems = [];
  const expected = full && 'an https: URL, a URL on this site, or a localhost URL';
  if (typeof endpoint !== 'string' || endpoint.trim() === '') {
    problem(problems, path, full && `set to where answers are posted: ${expected}`, endpoint);
    return problems[0] as string;
  }
  let url: URL;
  try {
    url = new URL(endpoint, pageOrigin);
  } catch {
    problem(problems, path, expected, endpoint);
    return problems[0] as string;
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  const sameOrigin = url.origin === pageOrigin;
  const webUrl = url.protocol === 'https:' || url.protocol === 'http:';
  if (webUrl && (url.protocol === 'https:' || sameOrigin || local)) return null;
  problem(
    problems,
    path,
    full && `${expected}; plain http: is allowed only for localhost`,
    endpoint,
  );
  return problems[0] as string;
}

/**
 * Checks a whole config. Valid surveys are kept and invalid ones dropped; an
 * invalid option falls back to its default. Nothing throws.
 */
export function validateConfig(
  input: unknown,
  pageOrigin: string,
  /** A remote config may leave the endpoint to the inline one. */
  endpointRequired = true,
): Checked<SurveyletConfig> {
  const problems: Problems = [];
  if (!isObject(input)) {
    problem(
      problems,
      'config',
      full && 'an object like { endpoint: "https://…", surveys: [...] }',
      input,
    );
    return { value: {}, problems };
  }
  const c = input;
  const config: SurveyletConfig = {};
  checkKeys(problems, 'config.', c, configKeys);

  if (c.endpoint !== undefined || (c.configUrl === undefined && endpointRequired)) {
    const endpointProblem = checkEndpoint(c.endpoint, pageOrigin);
    if (endpointProblem) problems.push(endpointProblem);
    else config.endpoint = c.endpoint as string;
  }
  if (c.configUrl !== undefined) {
    const configUrlProblem = checkEndpoint(c.configUrl, pageOrigin, 'configUrl');
    if (configUrlProblem) problems.push(configUrlProblem);
    else config.configUrl = c.configUrl as string;
  }

  if (c.surveys !== undefined && !Array.isArray(c.surveys)) {
    problem(
      problems,
      'surveys',
      full && 'an array of surveys like [{ id: "nps", type: "nps" }]',
      c.surveys,
    );
  } else if (Array.isArray(c.surveys)) {
    const seen = new Set<string>();
    config.surveys = [];
    c.surveys.forEach((raw, index) => {
      const survey = validateSurvey(raw, `surveys[${index}]`, problems);
      if (!survey) return;
      if (seen.has(survey.id)) {
        problems.push(
          said(
            `surveys[${index}].id`,
            survey.id,
            full && `must be unique (got "${survey.id}" twice); the later one is ignored`,
          ),
        );
        return;
      }
      seen.add(survey.id);
      config.surveys?.push(survey);
    });
  }

  const keep = <K extends keyof SurveyletConfig>(key: K, ok: boolean) => {
    if (ok && c[key] !== undefined) config[key] = c[key] as SurveyletConfig[K];
  };
  keep('brand', text(problems, 'brand', c.brand, true));
  keep('locale', text(problems, 'locale', c.locale, true));
  if (typeof c.locale === 'string' && c.locale.trim() && !builtInLocaleOf(c.locale)) {
    problems.push(
      said('locale', c.locale, full && `"${c.locale}" has no built-in wording, so it is not used`),
    );
  }
  keep('colorScheme', oneOf(problems, 'colorScheme', c.colorScheme, ['auto', 'light', 'dark']));
  keep('zIndex', number(problems, 'zIndex', c.zIndex, -2147483647, 2147483647));
  keep('nonce', text(problems, 'nonce', c.nonce, true));
  keep('requireConsent', bool(problems, 'requireConsent', c.requireConsent));
  keep(
    'minDaysBetweenSurveys',
    number(problems, 'minDaysBetweenSurveys', c.minDaysBetweenSurveys, 0),
  );
  keep('debug', bool(problems, 'debug', c.debug));
  keep(
    'onError',
    c.onError === undefined ||
      typeof c.onError === 'function' ||
      problem(problems, 'onError', full && 'a function', c.onError),
  );
  if (c.headers !== undefined) {
    const headers = c.headers;
    const forbidden = ['content-type', 'idempotency-key'];
    if (!isObject(headers) || Object.values(headers).some((v) => typeof v !== 'string')) {
      problem(problems, 'headers', full && 'an object of header names to string values', headers);
    } else if (Object.keys(headers).some((name) => forbidden.includes(name.toLowerCase()))) {
      problem(
        problems,
        'headers',
        full && 'free of Content-Type and Idempotency-Key, which the widget sets',
        headers,
      );
    } else config.headers = headers as Record<string, string>;
  }
  for (const key of ['strings', 'theme'] as const) {
    const value = c[key];
    if (value === undefined) continue;
    if (!isObject(value)) {
      problem(problems, key, full && 'an object of strings', value);
      continue;
    }
    checkKeys(problems, `${key}.`, value, key === 'theme' ? themeKeys : stringKeys);
    const entries = Object.entries(value).filter(([name, v]) =>
      text(problems, `${key}.${name}`, v),
    );
    config[key] = Object.fromEntries(entries);
  }
  return { value: config, problems };
}
