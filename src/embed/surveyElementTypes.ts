import type {
  CesVariant,
  ColorScheme,
  CsatStyle,
  SurveyDefinition,
  SurveyletEvents,
  SurveyType,
} from '../survey/types.js';

// The one description of what `<surveylet-survey>` accepts and dispatches. The element
// (SurveyElement.ts) takes its attribute and event lists from here, and the typings for
// React, Preact, Vue, Svelte and Solid (src/jsx/*.d.ts) import these types, so a new
// attribute or event is declared once and reaches every framework.

/**
 * The attributes `<surveylet-survey>` reads, with the values it understands. All are
 * optional: without any, the element shows an NPS survey.
 */
export interface SurveyElementAttributes {
  /** The survey type; the `survey` property also takes a full survey object. */
  survey?: SurveyType;
  /** Stable id the answers are keyed by; defaults to the type. */
  'survey-id'?: string;
  question?: string;
  /** How a CSAT scale is drawn. */
  'survey-style'?: CsatStyle;
  /** CES as 1–7 agreement or 1–5 effort. */
  variant?: CesVariant;
  'label-low'?: string;
  'label-high'?: string;
  /** `"false"` turns the open-text follow-up off; any other value keeps it. */
  'follow-up'?: 'true' | 'false';
  'thank-you'?: string;
  /** Where answers go: https, same-origin or localhost. */
  endpoint?: string;
  locale?: string;
  brand?: string;
  'color-scheme'?: ColorScheme;
}

/** Names of the attributes, for `observedAttributes`. */
export type SurveyElementAttributeName = keyof SurveyElementAttributes;

/**
 * What a framework may pass for `survey`: frameworks that set properties on custom
 * elements (React 19, Preact, Vue, Svelte, Solid) hand an object to the `survey`
 * property, which takes a full survey definition.
 */
export type SurveyElementSurvey = SurveyType | SurveyDefinition;

/** Widget events the element re-dispatches as `surveylet:<name>` DOM events. */
export const surveyElementEvents = [
  'shown',
  'answered',
  'submitted',
  'dismissed',
  'error',
] as const satisfies readonly (keyof SurveyletEvents)[];

/** A widget event the element re-dispatches. */
export type SurveyElementEvent = (typeof surveyElementEvents)[number];

/**
 * The DOM events of `<surveylet-survey>` by their full name, e.g.
 * `surveylet:answered`, each a bubbling, composed `CustomEvent` with the payload in
 * `detail`.
 */
export type SurveyElementEventMap = {
  [Name in SurveyElementEvent as `surveylet:${Name}`]: CustomEvent<SurveyletEvents[Name]>;
};

/**
 * The element as scripts see it, e.g. from `document.querySelector('surveylet-survey')`:
 * the `survey` property, and `addEventListener` that knows the `surveylet:*` events.
 */
export interface SurveyletSurveyElement extends HTMLElement {
  /** A full survey object (it wins over the attributes), or the `survey` attribute. */
  get survey(): SurveyDefinition | string | null;
  set survey(value: SurveyDefinition | string | null);
  addEventListener<K extends keyof SurveyElementEventMap>(
    type: K,
    listener: (this: SurveyletSurveyElement, event: SurveyElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: SurveyletSurveyElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof SurveyElementEventMap>(
    type: K,
    listener: (this: SurveyletSurveyElement, event: SurveyElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: SurveyletSurveyElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/**
 * What a framework passes to `<surveylet-survey>`: the attributes, where `survey` may
 * also be a full survey object (set as the property).
 */
export interface SurveyElementProps extends Omit<SurveyElementAttributes, 'survey'> {
  survey?: SurveyElementSurvey;
}

/**
 * Event-handler props named `<prefix><event>`, e.g. `onsurveylet:answered`: React 19,
 * Preact, Svelte 5 and Solid all listen to the event named after `on`, colon and case
 * kept, so the handler receives the element's `CustomEvent`.
 */
export type SurveyElementEventProps<Prefix extends string> = {
  [Name in keyof SurveyElementEventMap as `${Prefix}${Name}`]?: (
    event: SurveyElementEventMap[Name],
  ) => void;
};
