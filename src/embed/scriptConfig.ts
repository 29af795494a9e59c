import { mustBe, quoted, suggestion } from '../survey/messages.js';
import type { Position, SurveyDefinition, SurveyletConfig, SurveyType } from '../survey/types.js';
import { positions as allPositions, surveyTypes as types } from '../survey/validate.js';

// An inline survey needs a container element, which a script tag cannot name.
const positions = allPositions.filter((p) => p !== 'inline');
const attributes = [
  'endpoint',
  'config',
  'survey',
  'position',
  'delay',
  'locale',
  'brand',
  'debug',
];
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Warns once per `data-*` attribute the script tag does not know (a typo does nothing otherwise). */
export function warnUnknownAttributes(script: HTMLOrSVGScriptElement): void {
  for (const key of Object.keys((script as HTMLScriptElement).dataset ?? {})) {
    const name = kebab(key);
    if (attributes.includes(name)) continue;
    const hint = suggestion(
      `data-${name}`,
      attributes.map((a) => `data-${a}`),
    );
    console.warn(`surveylet: data-${name} is not known, so it is ignored${hint}`);
  }
}

/** Says why a script tag with survey attributes but nowhere to send answers does nothing. */
export const missingEndpoint =
  'surveylet: no data-endpoint (where answers go) on the script tag, so nothing is shown';

/**
 * The config a `<script data-*>` tag describes, or `null` when
 * the tag has neither `data-endpoint` nor `data-config` (the page uses the command
 * queue instead). Bad attributes are warned about by their own names.
 */
export function configFromScript(script: HTMLOrSVGScriptElement): SurveyletConfig | null {
  const data = (script as HTMLScriptElement).dataset ?? {};
  if (data.endpoint === undefined && data.config === undefined) return null;
  const config: SurveyletConfig = {};
  if (data.endpoint !== undefined) config.endpoint = data.endpoint;
  if (data.config !== undefined) config.configUrl = data.config;
  if (data.locale) config.locale = data.locale;
  if (data.brand) config.brand = data.brand;
  if (data.debug !== undefined && data.debug !== 'false') config.debug = true;
  const warn = (attribute: string, expected: string, got: unknown) =>
    console.warn(`surveylet: ${mustBe(`data-${attribute}`, expected, got)}`);

  if (data.survey !== undefined) {
    if (!types.includes(data.survey as SurveyType)) {
      warn('survey', quoted(types), data.survey);
      return config;
    }
    const survey: SurveyDefinition = { id: data.survey, type: data.survey as SurveyType };
    if (data.position !== undefined) {
      if (positions.includes(data.position)) survey.position = data.position as Position;
      else warn('position', quoted(positions), data.position);
    }
    if (data.delay !== undefined) {
      const delayMs = Number(data.delay);
      if (data.delay.trim() !== '' && Number.isFinite(delayMs) && delayMs >= 0) {
        survey.trigger = { delayMs };
      } else warn('delay', 'a number of milliseconds, like "5000"', data.delay);
    }
    config.surveys = [survey];
  }
  return config;
}
