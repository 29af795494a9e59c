import { fillPlaceholders } from '../survey/i18n.js';
import type { ResolvedLocale } from '../survey/languages.js';
import { normalizeSurvey } from '../survey/normalize.js';
import type { ResponseContext } from '../survey/response.js';
import type { Position, Strings, SurveyDefinition } from '../survey/types.js';
import { wordingOf } from '../survey/wording.js';
import { createFlow, type FlowHooks } from './flow.js';
import { type HostOptions, mountCard } from './mount.js';

/** What presenting one survey needs from the widget around it. */
export interface Presentation {
  survey: SurveyDefinition;
  /** Where the card goes: the host's element for an inline survey, else a new one on <body>. */
  container?: HTMLElement;
  /** Overrides the survey's own position (`inline` for the component and custom element). */
  position?: Position;
  window: Window;
  /** The config's choices that shape the card: locale, strings, brand, and the host's look. */
  settings: HostOptions & { locale?: string; strings?: Partial<Strings>; brand?: string };
  /** The respondent's traits, for `{trait|fallback}` placeholders (filled as text, never HTML). */
  traits: Record<string, unknown>;
  /** The response's id, made when the survey is shown. */
  responseId: string;
  /** What each response carries about its page and respondent, read when it is made. */
  context: () => Omit<ResponseContext, 'id' | 'locale'>;
  now: () => number;
  hooks: FlowHooks;
}

/** A survey on screen. */
export interface Presented {
  /** Removes the card, and the element it was put in when the widget made that element. */
  remove(): void;
}

/** What draws one survey, in the language its page resolves to. */
export type Present = (p: Presentation) => Presented;

/**
 * Shows one survey in `locale`, whose built-in wording is `builtIn`: that wording with
 * the host's overrides and the respondent's traits, the flow of its steps, and the card in
 * a shadow root. This is everything the survey UI needs, and nothing that decides whether
 * to show it. The caller picks the language (pageLocale) and has its wording: all seven
 * at hand (npm, single file), or the one file the script tag's loader fetched.
 */
export function presentSurvey(
  p: Presentation,
  locale: ResolvedLocale,
  builtIn: Strings,
): Presented {
  const survey = normalizeSurvey(p.survey, p.position);
  const doc = p.window.document;
  const { settings } = p;
  const strings: Strings = { ...builtIn, ...settings.strings };
  const wording = wordingOf(survey, strings, settings.brand);
  const fill = (text: string) => fillPlaceholders(text, p.traits);
  const personal = {
    ...wording,
    question: fill(wording.question),
    thankYou: fill(wording.thankYou),
    followUpFor: (category: Parameters<typeof wording.followUpFor>[0]) =>
      fill(wording.followUpFor(category)),
  };
  const flow = createFlow(
    survey,
    personal,
    () => ({ ...p.context(), id: p.responseId, locale: locale.tag }),
    p.hooks,
    p.now,
  );
  const host = p.container ?? doc.createElement('div');
  if (!p.container) (doc.body ?? doc.documentElement).append(host);
  const unmount = mountCard(host, { flow, strings, locale }, settings);
  return {
    remove() {
      unmount();
      if (!p.container) host.remove();
    },
  };
}
