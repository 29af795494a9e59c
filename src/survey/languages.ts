import type { Strings } from './types.js';

// Which languages have built-in wording and how a visitor's tags pick one: small enough
// for the script-tag loader, which checks `locale` and chooses before any wording loads.

/** Locales with built-in wording, in the order a config's or visitor's tag is matched. */
export const builtInLocales = ['en', 'es', 'fr', 'de', 'pt-BR', 'ja', 'ar'] as const;

/** A locale with built-in wording. */
export type BuiltInLocale = (typeof builtInLocales)[number];

/** Locales written right to left. */
export const rtlLocales: ReadonlySet<string> = new Set(['ar']);

/** The wording a host may override with `strings`, by name. */
export const stringKeys = [
  'npsQuestion',
  'npsQuestionNoBrand',
  'npsLow',
  'npsHigh',
  'csatQuestion',
  'csatLow',
  'csatHigh',
  'cesAgreementQuestion',
  'cesAgreementQuestionNoBrand',
  'cesAgreementLow',
  'cesAgreementHigh',
  'cesEffortQuestion',
  'cesEffortLow',
  'cesEffortHigh',
  'followUpNegative',
  'followUpNeutral',
  'followUpPositive',
  'commentRequired',
  'submit',
  'thankYou',
  'close',
  'surveyLabel',
] as const satisfies readonly (keyof Strings)[];

// The compiler fails here when Strings gains a name the list above misses.
type Listed<T extends true> = T;
export type AllStringsListed = Listed<
  Exclude<keyof Strings, (typeof stringKeys)[number]> extends never ? true : false
>;

/** The locale a widget speaks: the built-in wording it uses and the visitor's tag. */
export interface ResolvedLocale {
  /** Built-in locale whose strings are used. */
  locale: BuiltInLocale;
  /** The BCP 47 tag that chose it (sent with each response), e.g. `en-US`. */
  tag: string;
  dir: 'ltr' | 'rtl';
}

/** The built-in locale whose wording a BCP 47 tag gets, if any (`es-MX` → `es`). */
export function builtInLocaleOf(tag: string): BuiltInLocale | undefined {
  const lower = tag.toLowerCase();
  const exact = builtInLocales.find((name) => name.toLowerCase() === lower);
  if (exact) return exact;
  const language = lower.split(/[-_]/)[0];
  return builtInLocales.find((name) => name.toLowerCase().split('-')[0] === language);
}

/**
 * Picks the first candidate tag with built-in wording: pass `config.locale`,
 * then `<html lang>`, then `navigator.languages`. Falls back to English.
 * A regional tag uses its language (`es-MX` → `es`, `pt-PT` → `pt-BR`).
 */
export function resolveLocale(candidates: readonly (string | null | undefined)[]): ResolvedLocale {
  for (const tag of candidates) {
    const locale = tag ? builtInLocaleOf(tag) : undefined;
    if (tag && locale) return { locale, tag, dir: rtlLocales.has(locale) ? 'rtl' : 'ltr' };
  }
  return { locale: 'en', tag: 'en', dir: 'ltr' };
}
