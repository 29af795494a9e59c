import { describe, expect, it } from 'vitest';
import { createSurveylet } from '../../src/index.js';
import { validateConfig } from '../../src/survey/validate.js';
import { snippet } from './snippets.js';

// README.md's configuration examples are fragments (a survey's fields, a call), so they
// run as such: every object literal must be a survey the validator accepts with no
// warning, every `createSurveylet({…})` a config it accepts, and every call a method
// the API has. A misspelt option in the README fails here.
const origin = 'https://shop.example.com';
const endpoint = 'https://collect.example.com/responses';

/** The balanced `{…}` expressions starting a line, and the `createSurveylet(…)` calls. */
function fragments(code: string): { surveys: string[]; configs: string[]; calls: string[] } {
  const withoutComments = code.replace(/\s*\/\/.*$/gm, '');
  const surveys: string[] = [];
  const configs: string[] = [];
  const calls: string[] = [];
  const balanced = (from: number) => {
    let depth = 0;
    for (let i = from; i < withoutComments.length; i++) {
      const c = withoutComments[i];
      if (c === '{' || c === '(' || c === '[') depth++;
      if (c === '}' || c === ')' || c === ']') depth--;
      if (depth === 0) return i + 1;
    }
    throw new Error(`unbalanced snippet at ${withoutComments.slice(from, from + 40)}`);
  };
  for (let i = 0; i < withoutComments.length; ) {
    const rest = withoutComments.slice(i);
    const lineStart = i === 0 || withoutComments[i - 1] === '\n';
    if (lineStart && /^\s*\{/.test(rest)) {
      const open = i + rest.indexOf('{');
      const end = balanced(open);
      surveys.push(withoutComments.slice(open, end));
      i = end;
    } else if (rest.startsWith('createSurveylet(')) {
      const end = balanced(i + 'createSurveylet'.length);
      configs.push(withoutComments.slice(i + 'createSurveylet('.length, end - 1));
      i = end;
    } else if (lineStart && /^\s*surveys\.\w+\(/.test(rest)) {
      const open = i + rest.indexOf('(');
      const end = balanced(open);
      calls.push(withoutComments.slice(i, end).trim());
      i = end;
    } else i++;
  }
  return { surveys, configs, calls };
}

const evaluate = (expression: string) => new Function(`return (${expression});`)();

function expectValidSurvey(fields: Record<string, unknown>) {
  const survey = { id: 'readme', type: 'nps', ...fields };
  const { problems } = validateConfig({ endpoint, surveys: [survey] }, origin);
  expect(problems, JSON.stringify(fields)).toEqual([]);
}

describe("README.md's configuration examples", () => {
  it.each(['readme-triggers', 'readme-audience', 'readme-frequency'])(
    '%s: every fragment is valid',
    (name) => {
      const { surveys, configs, calls } = fragments(snippet(name));
      expect(surveys.length + configs.length + calls.length).toBeGreaterThan(0);
      for (const survey of surveys) expectValidSurvey(evaluate(survey));
      for (const config of configs) {
        expect(validateConfig({ endpoint, ...evaluate(config) }, origin).problems).toEqual([]);
      }
      // Calls run against the API (on the server it does nothing, but an unknown method throws).
      const surveysApi = createSurveylet({ endpoint });
      for (const call of calls) new Function('surveys', call)(surveysApi);
      surveysApi.destroy();
    },
  );

  it('readme-survey: the annotated survey is valid as written', () => {
    const survey = JSON.parse(snippet('readme-survey').replace(/\s+\/\/ .*$/gm, ''));
    const { problems } = validateConfig({ endpoint, surveys: [survey] }, origin);
    expect(problems).toEqual([]);
  });

  it('readme-warnings: the console messages shown are the ones the validator prints', () => {
    const shown = snippet('readme-warnings').trim().split('\n');
    const { problems } = validateConfig(
      {
        endpoint: 'http://collect.example.com',
        brnad: 'Acme',
        surveys: [
          { id: 'a', type: 'nps' },
          { id: 'b', type: 'npss' },
        ],
      },
      origin,
    );
    for (const line of shown) expect(problems).toContain(line);
  });
});
