import type { FetchLike } from '../delivery/sender.js';
import { type Diagnostics, full, inFull } from '../survey/diagnose.js';
import type { SurveyletConfig } from '../survey/types.js';
import { validateConfig } from '../survey/validate.js';
import type { KeyValue } from './keyValue.js';

/** A remote config as used: the checked config, and what to warn about. */
export interface RemoteConfig {
  config: SurveyletConfig;
  problems: string[];
  /**
   * The load failed in a way that passes by itself (network error, HTTP 5xx) and the
   * last good copy is in use: worth a line only in `debug` mode.
   */
  transient: boolean;
}

interface Cached {
  savedAt: number;
  body: unknown;
}

/**
 * Fetches `configUrl` and checks it like an inline config. A good copy is kept in
 * IndexedDB; when the fetch fails, the server answers an error, or the body is not
 * valid JSON or has any problem, the last good copy is used instead (without one,
 * the valid part), and one problem says why and what is used meanwhile, so a typo
 * on the server never empties the widget and never goes unnoticed.
 */
export async function loadRemoteConfig(
  url: string,
  pageOrigin: string,
  store: KeyValue,
  fetchImpl: FetchLike,
  now: () => number,
  /** The loader's: where the config check's full words are. */
  diagnostics?: Diagnostics,
): Promise<RemoteConfig> {
  const key = `config:${url}`;
  // Every line about this config starts by naming it.
  const about = `surveylet: configUrl ${url}: `;
  const problems: string[] = [];
  // The valid part of a remote config with problems, for when no good copy is saved.
  let partial: SurveyletConfig = {};
  // Why the config could not be read at all, and whether that may pass by itself.
  let failure = '';
  let transient = true;
  try {
    const response = await fetchImpl(url, { credentials: 'omit', cache: 'no-cache' });
    transient = response.status >= 500;
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new Error('its body is not valid JSON');
    }
    const checked = validateConfig(body, pageOrigin, false);
    // In full words: as they are, or in the loader's build once they arrive.
    const said = full
      ? checked.problems
      : await inFull(
          checked.problems,
          (words) => words(body, pageOrigin, false).problems,
          diagnostics,
        );
    const remoteProblems = said.map((p) => p.replace('surveylet: ', about));
    if (remoteProblems.length === 0) {
      await store.set(key, { savedAt: now(), body } satisfies Cached);
      return { config: checked.value, problems, transient: false };
    }
    problems.push(...remoteProblems);
    partial = checked.value;
  } catch (error) {
    failure = (error as Error).message ?? String(error);
  }
  const cached = await store.get<Cached>(key);
  const good = typeof cached?.savedAt === 'number';
  const meanwhile = good
    ? `using the last good copy, saved ${new Date(cached?.savedAt as number).toISOString()}`
    : failure
      ? 'using the inline config alone'
      : 'using what is valid in it';
  problems.push(`${about}${failure && `could not load (${failure}); `}${meanwhile}`);
  return {
    config: good ? validateConfig(cached?.body, pageOrigin, false).value : partial,
    problems,
    // A body that was read (2xx) leaves `transient` false.
    transient: good && transient,
  };
}
