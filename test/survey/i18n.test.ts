// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from '../../src/survey/i18n.js';
import {
  builtInLocales,
  namedStrings,
  pageLocale,
  resolveLocale,
  stringKeys,
} from '../../src/survey/languages.js';
import { locales, wordings } from '../../src/survey/locales.js';

describe('resolveLocale', () => {
  it('takes the first candidate with built-in wording', () => {
    expect(resolveLocale([undefined, 'xx', 'de-AT', 'fr'])).toEqual({
      locale: 'de',
      tag: 'de-AT',
      dir: 'ltr',
    });
  });
  it('maps any Portuguese to pt-BR and matches tags case-insensitively', () => {
    expect(resolveLocale(['pt-PT']).locale).toBe('pt-BR');
    expect(resolveLocale(['PT-br']).locale).toBe('pt-BR');
  });
  it('lays Arabic out right to left', () => {
    expect(resolveLocale(['ar-EG'])).toEqual({ locale: 'ar', tag: 'ar-EG', dir: 'rtl' });
  });
  it('falls back to English', () => {
    expect(resolveLocale([null, '', 'zz'])).toEqual({ locale: 'en', tag: 'en', dir: 'ltr' });
  });
});

describe('pageLocale', () => {
  const page = (lang: string, languages: string[]) => ({
    document: { documentElement: { lang } },
    navigator: { languages },
  });
  it('takes config.locale, then <html lang>, then the browser’s languages in order', () => {
    expect(pageLocale('fr-CA', page('de', ['ja']))).toMatchObject({ locale: 'fr', tag: 'fr-CA' });
    expect(pageLocale(undefined, page('de-CH', ['ja']))).toMatchObject({ locale: 'de' });
    expect(pageLocale('xx', page('', ['zz', 'ar-EG']))).toEqual({
      locale: 'ar',
      tag: 'ar-EG',
      dir: 'rtl',
    });
    expect(pageLocale(undefined, page('', ['es-MX']))).toMatchObject({ locale: 'es' });
    expect(pageLocale(undefined, page('', []))).toMatchObject({ locale: 'en', tag: 'en' });
  });
});

describe('locales', () => {
  it('translates every string in every built-in locale', () => {
    // The names the validator accepts in `strings` are the names every locale translates.
    const keys = [...stringKeys].sort();
    expect(Object.keys(locales).sort()).toEqual([...builtInLocales].sort());
    for (const [name, strings] of Object.entries(locales)) {
      expect(Object.keys(strings).sort(), name).toEqual(keys);
      for (const [key, value] of Object.entries(strings)) {
        expect(value.trim(), `${name}.${key}`).not.toBe('');
      }
      expect(strings.npsQuestion, name).toContain('{brand}');
      expect(strings.cesAgreementQuestion, name).toContain('{brand}');
      expect(strings.npsQuestionNoBrand, name).not.toContain('{');
    }
  });
});

describe('namedStrings', () => {
  it('names a list given in the order of stringKeys, as a wording file hands it over', () => {
    const named = namedStrings(wordings.de);
    expect(named.npsLow).toBe('Überhaupt nicht wahrscheinlich');
    expect(named.submit).toBe('Senden');
    expect(named).toEqual(locales.de);
  });
});

describe('fillPlaceholders', () => {
  it('fills names and falls back when a value is missing', () => {
    expect(fillPlaceholders('Hi {firstName|there}, {plan}!', { plan: 'pro' })).toBe(
      'Hi there, pro!',
    );
    expect(fillPlaceholders('Hi {firstName|there}', { firstName: 'Ana' })).toBe('Hi Ana');
  });
  it('leaves unknown placeholders without fallback as written', () => {
    expect(fillPlaceholders('{unknown}', {})).toBe('{unknown}');
  });
  it('inserts markup as plain text', () => {
    expect(fillPlaceholders('{name}', { name: '<b>x</b>' })).toBe('<b>x</b>');
  });
});
