import type {
  ColorScheme,
  SurveyDefinition,
  SurveyletConfig,
  SurveyType,
} from '../survey/types.js';
import type { Runtime, Surveylet } from '../widget/surveylet.js';
import { type SurveyElementAttributeName, surveyElementEvents } from './surveyElementTypes.js';

/** The tag name of the custom element. */
export const surveyElementName = 'surveylet-survey';

/** Attributes read by `<surveylet-survey>`; `survey` is a type (`nps`, `csat`, `ces`). */
export const surveyAttributes = [
  'survey',
  'survey-id',
  'question',
  'survey-style',
  'variant',
  'label-low',
  'label-high',
  'follow-up',
  'thank-you',
  'endpoint',
  'locale',
  'brand',
  'color-scheme',
] as const satisfies readonly SurveyElementAttributeName[];

// The compiler rejects a name the attribute interface (and so the framework typings)
// does not declare above, and, through this type, one it declares that the list
// misses. An array, not a keyed object: every byte of the script bundle counts.
type Listed<T extends true> = T;
export type AllAttributesListed = Listed<
  Exclude<SurveyElementAttributeName, (typeof surveyAttributes)[number]> extends never
    ? true
    : false
>;

/** The survey an element describes with its attributes. */
export function surveyFromAttributes(element: Element): SurveyDefinition {
  const read = (name: SurveyElementAttributeName) => element.getAttribute(name) ?? undefined;
  const type = (read('survey') ?? 'nps') as SurveyType;
  const survey: Record<string, unknown> = { id: read('survey-id') ?? type, type };
  const fields: [SurveyElementAttributeName, string][] = [
    ['question', 'question'],
    ['survey-style', 'style'],
    ['variant', 'variant'],
    ['thank-you', 'thankYou'],
  ];
  for (const [attribute, field] of fields) {
    const value = read(attribute);
    if (value !== undefined) survey[field] = value;
  }
  const low = read('label-low');
  const high = read('label-high');
  if (low !== undefined || high !== undefined) survey.labels = { low, high };
  if (read('follow-up') === 'false') survey.followUp = false;
  return survey as unknown as SurveyDefinition;
}

/**
 * Defines `<surveylet-survey>`: an inline survey for any framework or plain HTML.
 * Attributes mirror the survey fields that fit in attributes; the `survey`
 * property takes a full survey object. The element dispatches `surveylet:shown`,
 * `surveylet:answered`, `surveylet:submitted`, `surveylet:dismissed` and
 * `surveylet:error` events (bubbling, composed) with the payload in `detail`.
 * Safe to call more than once, and a no-op outside browsers. `create` starts each
 * element's widget: with the survey UI at hand (`surveylet/element`) or fetched on
 * demand (the script tag's loader).
 */
export function defineSurveyElementWith(
  create: (config: SurveyletConfig, runtime: Runtime) => Surveylet,
  registry = globalThis.customElements,
): void {
  if (!registry || registry.get(surveyElementName)) return;

  // Each element's survey object and widget, private as #fields would be, but without
  // the helpers an es2020 build adds for those.
  const surveyOf = new WeakMap<HTMLElement, SurveyDefinition | null>();
  const widgetOf = new WeakMap<HTMLElement, Surveylet>();

  const render = (element: HTMLElement) => {
    widgetOf.get(element)?.destroy();
    const survey = surveyOf.get(element) ?? surveyFromAttributes(element);
    const config: SurveyletConfig = {
      endpoint: element.getAttribute('endpoint') ?? undefined,
      surveys: [survey],
    };
    const locale = element.getAttribute('locale');
    const brand = element.getAttribute('brand');
    const scheme = element.getAttribute('color-scheme');
    if (locale) config.locale = locale;
    if (brand) config.brand = brand;
    if (scheme) config.colorScheme = scheme as ColorScheme;
    const widget = create(config, { position: 'inline' });
    for (const event of surveyElementEvents) {
      widget.on(event, (detail) => {
        element.dispatchEvent(
          new CustomEvent(`surveylet:${event}`, { detail, bubbles: true, composed: true }),
        );
      });
    }
    widget.show(survey.id, { container: element });
    widgetOf.set(element, widget);
  };

  class SurveyletSurvey extends HTMLElement {
    static observedAttributes = [...surveyAttributes];

    /** A full survey object; takes precedence over the attributes. */
    get survey(): SurveyDefinition | string | null {
      return surveyOf.get(this) ?? this.getAttribute('survey');
    }
    set survey(value: SurveyDefinition | string | null) {
      if (typeof value === 'string' || value === null) {
        surveyOf.delete(this);
        if (value === null) this.removeAttribute('survey');
        else this.setAttribute('survey', value);
        return;
      }
      surveyOf.set(this, value);
      render(this);
    }

    connectedCallback() {
      render(this);
    }
    disconnectedCallback() {
      widgetOf.get(this)?.destroy();
      widgetOf.delete(this);
    }
    attributeChangedCallback() {
      if (this.isConnected) render(this);
    }
  }
  registry.define(surveyElementName, SurveyletSurvey);
}
