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

/**
 * One locale's wording by name, from its list in the order of `stringKeys`: the form the
 * locale table and each script-tag wording file hold it in, so the names are written
 * once, not once per language.
 */
export function namedStrings(list: readonly string[]): Strings {
  const strings = {} as Strings;
  stringKeys.forEach((key, index) => {
    strings[key] = list[index] as string;
  });
  return strings;
}

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
  const tag = candidates.find((candidate) => candidate && builtInLocaleOf(candidate)) ?? 'en';
  const locale = builtInLocaleOf(tag) as BuiltInLocale;
  return { locale, tag, dir: rtlLocales.has(locale) ? 'rtl' : 'ltr' };
}

/** What of a page picks its visitor's language. */
export interface PageLanguages {
  document: { documentElement: { lang: string } };
  // Most preferred first; `navigator.language` is its first entry, so it is not asked.
  navigator: { languages: readonly string[] };
}

/**
 * The locale a survey speaks on a page: `config.locale`, else `<html lang>`, else the
 * browser's languages. The script-tag loader asks it to fetch that one locale's wording;
 * the survey UI asks it when all wording is at hand.
 */
export function pageLocale(configured: string | undefined, page: PageLanguages): ResolvedLocale {
  return resolveLocale([
    configured,
    page.document.documentElement.lang,
    ...page.navigator.languages,
  ]);
}
