import type { KeyValue } from './keyValue.js';
import type { FetchLike } from './sender.js';
import type { SurveyletConfig } from './types.js';
import { validateConfig } from './validate.js';

/** A remote config as used: the checked config, and what to warn about. */
export interface RemoteConfig {
  config: SurveyletConfig;
  problems: string[];
  source: 'network' | 'cache' | 'none';
}

interface Cached {
  savedAt: number;
  body: unknown;
}

/**
 * Fetches `configUrl` and checks it like an inline config. A good copy is kept in
 * IndexedDB; when the fetch fails, the server answers an error, or the body is not
 * valid JSON or has any problem, the last good copy is used instead, with a warning
 * (without one, the valid part), so a typo on the server never empties the widget.
 */
export async function loadRemoteConfig(
  url: string,
  pageOrigin: string,
  store: KeyValue,
  fetchImpl: FetchLike,
  now: () => number,
): Promise<RemoteConfig> {
  const key = `config:${url}`;
  const problems: string[] = [];
  // The valid part of a remote config with problems, for when no good copy is saved.
  let partial: SurveyletConfig = {};
  try {
    const response = await fetchImpl(url, { credentials: 'omit', cache: 'no-cache' });
    if (!response.ok) throw new Error(`it answered HTTP ${response.status}`);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new Error('its body is not valid JSON');
    }
    const checked = validateConfig(body, pageOrigin, false);
    const remoteProblems = checked.problems.map((p) =>
      p.replace('surveylet: ', `surveylet: configUrl ${url}: `),
    );
    if (remoteProblems.length === 0) {
      await store.set(key, { savedAt: now(), body } satisfies Cached);
      return { config: checked.value, problems, source: 'network' };
    }
    problems.push(...remoteProblems);
    partial = checked.value;
  } catch (error) {
    problems.push(
      `surveylet: could not load configUrl ${url}: ${(error as Error).message ?? String(error)}`,
    );
  }
  const cached = await store.get<Cached>(key);
  if (cached && typeof cached.savedAt === 'number') {
    const saved = new Date(cached.savedAt).toISOString();
    problems.push(`surveylet: using the last good copy of ${url}, saved ${saved}`);
    return {
      config: validateConfig(cached.body, pageOrigin, false).value,
      problems,
      source: 'cache',
    };
  }
  problems.push(`surveylet: no good copy of ${url} is saved yet; using what is valid in it`);
  return { config: partial, problems, source: 'none' };
}
