import type { Trigger } from '../survey/types.js';

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*+/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/**
 * Whether a URL matches a pattern: `/…/flags` is a regular expression tested on the
 * whole URL; a glob (`*` matches anything, `/` included) that starts with `/` is
 * matched against the path, any other glob against the URL without its fragment.
 */
export function matchesUrl(pattern: string, url: string): boolean {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (regex && pattern.length > 2) {
    try {
      return new RegExp(regex[1] as string, regex[2]).test(url);
    } catch {
      // A pattern that is no valid regular expression matches nothing.
      return false;
    }
  }
  const parsed = new URL(url);
  const target = pattern.startsWith('/') ? parsed.pathname : parsed.href.replace(/#.*$/, '');
  return globToRegExp(pattern).test(target);
}

/** Whether a URL passes a survey's include and exclude lists. */
export function urlAllowed(urls: Trigger['urls'], url: string): boolean {
  if (!urls) return true;
  const included = !urls.include?.length || urls.include.some((p) => matchesUrl(p, url));
  const excluded = urls.exclude?.some((p) => matchesUrl(p, url)) ?? false;
  return included && !excluded;
}
