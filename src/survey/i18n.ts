import { type BuiltInLocale, locales, rtlLocales } from './locales.js';
import type { Strings } from './types.js';

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
  const names = Object.keys(locales) as BuiltInLocale[];
  const exact = names.find((name) => name.toLowerCase() === lower);
  if (exact) return exact;
  const language = lower.split(/[-_]/)[0];
  return names.find((name) => name.toLowerCase().split('-')[0] === language);
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

/** The strings for a locale with the host's overrides applied. */
export function stringsFor(locale: BuiltInLocale, overrides: Partial<Strings> = {}): Strings {
  return { ...locales[locale], ...overrides };
}

/**
 * Fills `{name}` and `{name|fallback}` placeholders from `values`. The result is
 * plain text: callers render it as a text node, never as HTML.
 */
export function fillPlaceholders(template: string, values: Record<string, unknown>): string {
  return template.replace(
    /\{([\w.-]+)(?:\|([^}]*))?\}/g,
    (whole, name: string, fallback?: string) => {
      const value = values[name];
      if (value !== undefined && value !== null && value !== '') return String(value);
      return fallback ?? whole;
    },
  );
}
