import type { DismissStep, EventKind, ResponseContext } from './context.js';

/** The three question types Surveylet asks. */
export type SurveyType = 'nps' | 'csat' | 'ces';

/** How a CSAT scale is drawn. */
export type CsatStyle = 'numbers' | 'stars' | 'emoji';

/** CES as 1–7 agreement with a statement, or 1–5 effort. */
export type CesVariant = 'agreement' | 'effort';

/** Where a survey appears. `inline` renders in the page flow (component, custom element). */
export type Position =
  | 'bottom-right'
  | 'bottom-left'
  | 'top-right'
  | 'top-left'
  | 'center'
  | 'inline';

/** Colour scheme of the card; `auto` follows the visitor's system setting. */
export type ColorScheme = 'auto' | 'light' | 'dark';

/** The category a score falls in, per survey type. */
export type Category =
  | 'detractor'
  | 'passive'
  | 'promoter'
  | 'dissatisfied'
  | 'neutral'
  | 'satisfied'
  | 'difficult'
  | 'easy';

/** Open-text question shown after the score. */
export interface FollowUp {
  /** Question for every category, unless `byCategory` has one. */
  question?: string;
  /** Question per category, e.g. `{ detractor: 'What could we do better?' }`. */
  byCategory?: Partial<Record<Category, string>>;
  /** The respondent must write something before sending. Default `false`. */
  required?: boolean;
  /** Longest comment accepted, in characters. Default 1000. */
  maxLength?: number;
}

/** When a survey may appear. */
export interface Trigger {
  delayMs?: number;
  scrollPercent?: number;
  exitIntent?: boolean;
  event?: string;
  urls?: { include?: string[]; exclude?: string[] };
}

/** A rule on one identify() trait or track() property. */
export interface AudienceRule {
  eq?: unknown;
  in?: unknown[];
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  exists?: boolean;
}

/** One survey, as written in config. */
export interface SurveyDefinition {
  /** Stable id: answers are keyed by it. */
  id: string;
  type: SurveyType;
  question?: string;
  style?: CsatStyle;
  variant?: CesVariant;
  labels?: { low?: string; high?: string };
  /** `false` turns the follow-up off. */
  followUp?: FollowUp | false;
  thankYou?: string;
  position?: Position;
  trigger?: Trigger;
  audience?: Record<string, AudienceRule>;
  sample?: number;
  recontactDays?: number;
  dismissCooldownDays?: number;
}

/** CSS custom properties of the card, set from config instead of CSS. */
export interface Theme {
  accent?: string;
  bg?: string;
  fg?: string;
  muted?: string;
  radius?: string;
  font?: string;
  shadow?: string;
}

/** Every UI string; each one can be overridden with `config.strings`. */
export interface Strings {
  npsQuestion: string;
  npsQuestionNoBrand: string;
  npsLow: string;
  npsHigh: string;
  csatQuestion: string;
  csatLow: string;
  csatHigh: string;
  cesAgreementQuestion: string;
  cesAgreementQuestionNoBrand: string;
  cesAgreementLow: string;
  cesAgreementHigh: string;
  cesEffortQuestion: string;
  cesEffortLow: string;
  cesEffortHigh: string;
  followUpNegative: string;
  followUpNeutral: string;
  followUpPositive: string;
  commentRequired: string;
  submit: string;
  thankYou: string;
  close: string;
  surveyLabel: string;
}

/** Configuration for `createSurveylet` / `surveylet('init', …)`. */
export interface SurveyletConfig {
  /** Collection endpoint: https, same-origin or localhost. */
  endpoint?: string;
  surveys?: SurveyDefinition[];
  configUrl?: string;
  /** Name used in default wording ("How likely are you to recommend {brand}…"). */
  brand?: string;
  locale?: string;
  strings?: Partial<Strings>;
  theme?: Theme;
  colorScheme?: ColorScheme;
  zIndex?: number;
  /** Nonce for the `<style>` fallback where constructable stylesheets are missing. */
  nonce?: string;
  requireConsent?: boolean;
  minDaysBetweenSurveys?: number;
  /**
   * Extra headers for each request, e.g. an API key. Opt-in: the body is then sent
   * as `application/json` with an `Idempotency-Key`, so the endpoint must answer CORS
   * preflights.
   */
  headers?: Record<string, string>;
  debug?: boolean;
  onError?: (error: unknown) => void;
}

/** A response as sent on the wire (protocol v1, docs/protocol.md). */
export interface SurveyResponse {
  id: string;
  revision: number;
  surveyId: string;
  type: SurveyType;
  variant: CesVariant | null;
  scale: { min: number; max: number };
  score: number;
  category: Category;
  comment: string | null;
  complete: boolean;
  createdAt: string;
  updatedAt: string;
  attempt: number;
  locale: string;
  page: { url: string; referrer: string };
  visitorId: string;
  user: { id: string; traits: Record<string, unknown> } | null;
  widget: string;
  /** Where and on what the answer was given (optional; src/survey/context.ts). */
  context?: ResponseContext;
}

/** A showing of a survey, or its dismissal, as sent on the wire (protocol v1). */
export interface SurveyEvent {
  /** UUIDv7 of the event itself: an endpoint stores each once. */
  id: string;
  kind: EventKind;
  surveyId: string;
  type: SurveyType;
  variant: CesVariant | null;
  /** The id an answer to this showing carries. */
  responseId: string;
  at: string;
  /** For `dismissed`: where the visitor closed the survey; null for `shown`. */
  step: DismissStep | null;
  visitorId: string;
  user: { id: string; traits: Record<string, unknown> } | null;
  context?: ResponseContext;
}

/** A request body of protocol v1. */
export interface Batch {
  v: 1;
  sentAt: string;
  /** May be empty when `events` is not. */
  responses: SurveyResponse[];
  /** Showings and dismissals; only to endpoints that accept them (docs/protocol.md). */
  events?: SurveyEvent[];
}

/** Why a response was dead-lettered. */
export type FailureReason = 'rejected' | 'expired' | 'too-large';

/** Events and their payloads. */
export interface SurveyletEvents {
  shown: { surveyId: string; responseId: string };
  answered: SurveyResponse;
  submitted: SurveyResponse;
  dismissed: { surveyId: string; responseId: string; step: 'score' | 'followUp' };
  queued: SurveyResponse;
  delivered: SurveyResponse;
  failed: { response: SurveyResponse; reason: FailureReason };
  error: unknown;
}

/** Name of an event. */
export type SurveyletEvent = keyof SurveyletEvents;
