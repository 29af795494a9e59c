import type { ColorScheme, SurveyDefinition, SurveyletConfig, SurveyType } from '../core/types.js';
import { type SurveyElementAttributeName, surveyElementEvents } from './surveyElementTypes.js';
import { createSurveylet, type Surveylet } from './surveylet.js';

/** The tag name of the custom element. */
export const surveyElementName = 'surveylet-survey';

// Keyed by the attribute interface so the compiler rejects a name missing here or one
// the interface (and so the framework typings) does not declare.
const attributeNames: Record<SurveyElementAttributeName, true> = {
  survey: true,
  'survey-id': true,
  question: true,
  'survey-style': true,
  variant: true,
  'label-low': true,
  'label-high': true,
  'follow-up': true,
  'thank-you': true,
  endpoint: true,
  locale: true,
  brand: true,
  'color-scheme': true,
};

/** Attributes read by `<surveylet-survey>`; `survey` is a type (`nps`, `csat`, `ces`). */
export const surveyAttributes = Object.keys(attributeNames) as SurveyElementAttributeName[];

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
 * Safe to call more than once, and a no-op outside browsers.
 */
export function defineSurveyElement(registry = globalThis.customElements): void {
  if (!registry || registry.get(surveyElementName)) return;

  class SurveyletSurvey extends HTMLElement {
    static observedAttributes = [...surveyAttributes];
    #survey: SurveyDefinition | null = null;
    #widget: Surveylet | null = null;

    /** A full survey object; takes precedence over the attributes. */
    get survey(): SurveyDefinition | string | null {
      return this.#survey ?? this.getAttribute('survey');
    }
    set survey(value: SurveyDefinition | string | null) {
      if (typeof value === 'string' || value === null) {
        this.#survey = null;
        if (value === null) this.removeAttribute('survey');
        else this.setAttribute('survey', value);
        return;
      }
      this.#survey = value;
      this.#render();
    }

    connectedCallback() {
      this.#render();
    }
    disconnectedCallback() {
      this.#widget?.destroy();
      this.#widget = null;
    }
    attributeChangedCallback() {
      if (this.isConnected) this.#render();
    }

    #render() {
      this.#widget?.destroy();
      const survey = this.#survey ?? surveyFromAttributes(this);
      const config: SurveyletConfig = {
        endpoint: this.getAttribute('endpoint') ?? undefined,
        surveys: [survey],
      };
      const locale = this.getAttribute('locale');
      const brand = this.getAttribute('brand');
      const scheme = this.getAttribute('color-scheme');
      if (locale) config.locale = locale;
      if (brand) config.brand = brand;
      if (scheme) config.colorScheme = scheme as ColorScheme;
      const widget = createSurveylet(config, { position: 'inline' });
      for (const event of surveyElementEvents) {
        widget.on(event, (detail) => {
          this.dispatchEvent(
            new CustomEvent(`surveylet:${event}`, { detail, bubbles: true, composed: true }),
          );
        });
      }
      widget.show(survey.id, { container: this });
      this.#widget = widget;
    }
  }
  registry.define(surveyElementName, SurveyletSurvey);
}
