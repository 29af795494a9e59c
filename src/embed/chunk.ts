import type { Present, UISource } from '../widget/widget.js';

/** The property of its <script> element through which the UI file hands itself over. */
export const handoff = 'surveyletUI';

/** The <script> element the loader makes for the UI file. */
export type UIScript = HTMLScriptElement & { [handoff]?: (present: Present) => void };

/** The UI file, beside the loader wherever the loader came from (site, CDN, tag manager). */
export const uiFile = 'surveylet-ui.js';

// The UI file's sha384, written in at build time: a loader pinned by `integrity` pins
// the UI it fetches too.
declare const __SURVEYLET_UI_INTEGRITY__: string;

interface TrustedTypes {
  createPolicy(
    name: string,
    rules: { createScriptURL(url: string): string },
  ): { createScriptURL(url: string): unknown };
}
let policy: ReturnType<TrustedTypes['createPolicy']> | null | undefined;

/**
 * The URL as the page's Trusted Types allow it: through a policy named `surveylet` that
 * passes this one URL only. Where the page's CSP does not allow that name, the plain
 * string is tried, and a page enforcing Trusted Types refuses it with a clear error.
 */
function trusted(url: string): string {
  const types = (window as { trustedTypes?: TrustedTypes }).trustedTypes;
  if (policy === undefined) {
    try {
      policy =
        types?.createPolicy('surveylet', {
          createScriptURL: (asked) => {
            if (asked !== url) throw new TypeError(`surveylet: not the survey UI: ${asked}`);
            return asked;
          },
        }) ?? null;
    } catch {
      policy = null;
    }
  }
  return (policy?.createScriptURL(url) ?? url) as string;
}

function load(loader: HTMLScriptElement | null): Promise<Present> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) =>
      reject(
        new Error(
          `surveylet: the survey could not be shown because its UI ${why}. It stays due and is tried again at its next trigger or show().`,
        ),
      );
    if (!loader?.src) {
      fail(
        'has no address: surveylet.js did not run from a <script src> tag (use surveylet.bundle.js, which has the UI inside)',
      );
      return;
    }
    const url = new URL(uiFile, loader.src).href;
    const script = document.createElement('script') as UIScript;
    script[handoff] = resolve;
    // The UI file hands itself over while it runs, before `load`: a load without it is
    // some other file at that address.
    script.onload = () => {
      script.remove();
      fail(`file at ${url} is not the survey UI of this version of surveylet.js`);
    };
    script.onerror = () => {
      script.remove();
      fail(
        `file could not load from ${url} (offline, blocked by an ad blocker, or not allowed by the page's Content-Security-Policy script-src)`,
      );
    };
    // The page's CSP let the loader run; the same nonce and CORS mode let its UI run.
    if (loader.nonce) script.nonce = loader.nonce;
    if (loader.crossOrigin !== null) script.crossOrigin = loader.crossOrigin;
    if (loader.integrity) script.integrity = __SURVEYLET_UI_INTEGRITY__;
    try {
      script.src = trusted(url);
    } catch {
      fail(
        `address was refused by the page's Trusted Types: allow the policy name with "trusted-types surveylet" in its Content-Security-Policy`,
      );
      return;
    }
    (document.head ?? document.documentElement).append(script);
  });
}

/**
 * The survey UI for the loader: fetched once, when first asked for (a survey armed or
 * shown); a failed fetch is forgotten, so the next ask tries again.
 */
export function uiFrom(loader: HTMLScriptElement | null): UISource {
  let loading: Promise<Present> | null = null;
  return {
    load: () =>
      (loading ??= load(loader).catch((error: unknown) => {
        loading = null;
        throw error;
      })),
  };
}
