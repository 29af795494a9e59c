import type { Diagnostics, Validate } from '../survey/diagnose.js';
import {
  type BuiltInLocale,
  namedStrings,
  pageLocale,
  type ResolvedLocale,
} from '../survey/languages.js';
import { widgetVersion } from '../survey/response.js';
import type { Strings } from '../survey/types.js';
import type { Present, UISource } from '../widget/widget.js';

/**
 * The files the loader fetches from beside itself, by name: the survey UI, the wording
 * of each built-in locale, and the config's full messages. The build writes exactly
 * these (vite.config.ts), and the Trusted Types policy passes only these.
 */
export type Chunk = 'ui' | 'diagnostics' | BuiltInLocale;

/** A file's name beside the loader: `surveylet-ui.js`, `surveylet-de.js`, `surveylet-diagnostics.js`. */
export const fileOf = (chunk: Chunk) => `surveylet-${chunk}.js`;

/**
 * The property of its <script> element through which a file hands itself over: the
 * version's name, so a file of another version at that address hands nothing over and is
 * refused (what the files hand over changes between versions).
 */
export const handoff = widgetVersion;

/** The <script> element the loader makes for a file. */
export type ChunkScript = HTMLScriptElement & { [handoff]?: (value: unknown) => void };

/** What the UI file hands over: the card in a language, and its wording files' hashes. */
export interface UIFile {
  present(p: Parameters<Present>[0], locale: ResolvedLocale, builtIn: Strings): ReturnType<Present>;
  /** Each wording file's SRI hash: a loader pinned by `integrity` pins them through the UI. */
  integrity: Record<BuiltInLocale, string>;
}

// The UI file's and the diagnostics file's sha384, written in at build time: a loader
// pinned by `integrity` pins the files it fetches (the wording through the UI file).
declare const __SURVEYLET_UI_INTEGRITY__: string;
declare const __SURVEYLET_DIAGNOSTICS_INTEGRITY__: string;

interface TrustedTypes {
  createPolicy(
    name: string,
    rules: { createScriptURL(url: string): string },
  ): { createScriptURL(url: string): unknown };
}
let policy: ReturnType<TrustedTypes['createPolicy']> | null | undefined;
let asking = '';

/**
 * The URL as the page's Trusted Types allow it: through a policy named `surveylet` that
 * passes only the URL the loader is asking for at that moment, a `Chunk`
 * beside it. Where the page's CSP does not allow that name, the plain string is tried,
 * and a page enforcing Trusted Types refuses it.
 */
function trusted(url: string): string {
  const types = (window as { trustedTypes?: TrustedTypes }).trustedTypes;
  asking = url;
  if (policy === undefined) {
    try {
      policy =
        types?.createPolicy('surveylet', {
          createScriptURL: (asked) => {
            if (asked !== asking) throw new TypeError(asked);
            return asked;
          },
        }) ?? null;
    } catch {
      policy = null;
    }
  }
  return (policy?.createScriptURL(url) ?? url) as string;
}

/**
 * Runs one file from beside the loader, pinned to `integrity` when given, and resolves
 * with what it hands over. Rejects with why, naming the file.
 */
function loadChunk(
  loader: HTMLScriptElement | null,
  chunk: Chunk,
  integrity?: string,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(new Error(why));
    if (!loader?.src) {
      fail(
        'surveylet.js ran without a <script src> address (use surveylet.bundle.js, which has the UI inside)',
      );
      return;
    }
    const url = new URL(fileOf(chunk), loader.src).href;
    const script = document.createElement('script') as ChunkScript;
    script[handoff] = resolve;
    // A file hands itself over while it runs, before `load`: a load without it is some
    // other file at that address, or another version's.
    script.onload = () => {
      script.remove();
      fail(`${url} is not from this version of surveylet.js`);
    };
    script.onerror = () => {
      script.remove();
      fail(
        `${url} could not load (offline, an ad blocker, or the page's Content-Security-Policy script-src)`,
      );
    };
    // The page's CSP let the loader run; the same nonce and CORS mode let its files run.
    if (loader.nonce) script.nonce = loader.nonce;
    if (loader.crossOrigin !== null) script.crossOrigin = loader.crossOrigin;
    if (integrity) script.integrity = integrity;
    try {
      script.src = trusted(url);
    } catch {
      fail(
        `${url} was refused by Trusted Types: add "trusted-types surveylet" to the page's Content-Security-Policy`,
      );
      return;
    }
    // Where it goes matters not (it is removed once it ran): <html> is there on any page.
    document.documentElement.append(script);
  });
}

/**
 * The survey UI for the loader: the UI file and the wording file of the one language
 * the page picks, each fetched when first asked for (a survey armed or shown) and kept
 * once here; a failed fetch is forgotten, so the next ask tries again. The two load side
 * by side, unless the loader is pinned by `integrity`: then the wording's hash comes
 * with the UI, and the wording follows it.
 */
export function uiFrom(loader: HTMLScriptElement | null): UISource {
  const loading: { [chunk in 'ui' | BuiltInLocale]?: Promise<unknown> } = {};
  const file = (chunk: 'ui' | BuiltInLocale): Promise<unknown> =>
    (loading[chunk] ??= (async () =>
      loadChunk(
        loader,
        chunk,
        loader?.integrity &&
          (chunk === 'ui'
            ? __SURVEYLET_UI_INTEGRITY__
            : ((await file('ui')) as UIFile).integrity[chunk]),
      ))().catch((error: unknown) => {
      delete loading[chunk];
      throw error;
    }));
  return {
    async load(configured) {
      const locale = pageLocale(configured, window);
      try {
        const [ui, wording] = await Promise.all([file('ui'), file(locale.locale)]);
        const builtIn = namedStrings(wording as string[]);
        return (p) => (ui as UIFile).present(p, locale, builtIn);
      } catch (error) {
        throw new Error(
          `surveylet: the survey could not be shown: ${(error as Error).message}. It stays due for its next trigger or show().`,
        );
      }
    },
  };
}

/**
 * The config's full messages for the loader: the diagnostics file, fetched only when the
 * rules find a problem (a valid config never asks), once per page; a failed fetch is
 * forgotten, and the problems are said in their short form meanwhile.
 */
export function diagnosticsFrom(loader: HTMLScriptElement | null): Diagnostics {
  let loading: Promise<Validate> | null = null;
  return {
    load: () =>
      (loading ??= (
        loadChunk(
          loader,
          'diagnostics',
          loader?.integrity && __SURVEYLET_DIAGNOSTICS_INTEGRITY__,
        ) as Promise<Validate>
      ).catch((error: unknown) => {
        loading = null;
        throw error;
      })),
  };
}
