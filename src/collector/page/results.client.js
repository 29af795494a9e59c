// @ts-check
// The results page's behaviour: filters, loading `…/results`, status messages and the
// refresh every few seconds. page.ts inlines it last, after charts.client.js and
// view.client.js, inside one function. The API path comes from <main data-api>, never
// from this text, so the script (and its hash in the page's CSP) is the same everywhere.

(() => {
  /**
   * The page's element with this id (the HTML is ours, so it is there).
   * @template {HTMLElement} T
   * @param {string} id
   * @returns {T}
   */
  const byId = (id) => /** @type {T} */ (document.getElementById(id));
  /** @type {HTMLElement} */
  const main = byId('results');
  /** @type {HTMLFormElement} */
  const form = byId('filters');
  /** @type {HTMLAnchorElement} */
  const exportLink = byId('export');
  const status = byId('status');
  const checked = byId('checked');
  const list = byId('surveys');
  const api = (main.dataset.api ?? '').replace(/\/+$/, '');
  const fields = ['from', 'to', 'by', 'segment', 'latest'];
  const signIn =
    "This page needs the collector's read token: reload and sign in (user name: anything, password: the token).";
  // New answers show up within seconds while someone watches; a hidden tab asks nothing.
  const every = 5000;

  /** @type {AbortController | null} */
  let loading = null;
  /**
   * The filters and JSON last drawn: the same reply to the same question is not drawn
   * again, so nothing flickers (the filters count too: captions name the breakdown).
   */
  let drawn = '';

  /** The filters as a query string, without the empty ones. */
  function query() {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value) params.set(key, String(value));
    return params.toString();
  }

  /** Filters from the address, so a reload (say, to sign in) keeps them. */
  function readAddress() {
    const params = new URLSearchParams(location.search);
    for (const name of fields) {
      const field = form.elements.namedItem(name);
      const value = params.get(name);
      if (field instanceof HTMLInputElement && field.type === 'checkbox') {
        field.checked = value === field.value;
      } else if (
        value !== null &&
        (field instanceof HTMLInputElement || field instanceof HTMLSelectElement)
      ) {
        field.value = value;
      }
    }
  }

  /**
   * Sets the live status line only when it says something new: screen readers announce
   * every change, and the same words every five seconds would be noise.
   * @param {string} text
   */
  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  /**
   * Draws the surveys, keeping open tables open and focus where it was: a refresh must
   * not take the place of a keyboard user away.
   * @param {Survey[]} surveys
   * @param {string} segment
   * @param {boolean} ranged whether dates were chosen
   */
  function draw(surveys, segment, ranged) {
    const open = new Set();
    for (const details of list.querySelectorAll('details')) {
      if (details.open) open.add(details.dataset.key);
    }
    const focused = document.activeElement;
    const focusKey =
      focused instanceof HTMLElement && list.contains(focused) && focused.tagName === 'SUMMARY'
        ? focused.closest('details')?.dataset.key
        : undefined;
    list.replaceChildren(
      ...(surveys.length === 0
        ? [emptyState()]
        : surveys.map((survey, i) => surveyletView.section(survey, i, segment, ranged))),
    );
    // Keys hold visitor-chosen survey ids, so they are compared, never put in a selector.
    for (const details of list.querySelectorAll('details')) {
      if (open.has(details.dataset.key)) details.open = true;
      if (focusKey !== undefined && details.dataset.key === focusKey) {
        details.querySelector('summary')?.focus({ preventScroll: true });
      }
    }
  }

  function emptyState() {
    const p = document.createElement('p');
    p.textContent = 'No answers yet.';
    return p;
  }

  /**
   * What a failed reply says: the collector answers `{ "error": "…" }`.
   * @param {Response} reply
   * @param {string} text
   */
  function problem(reply, text) {
    let detail = reply.statusText;
    try {
      const body = JSON.parse(text);
      if (body && typeof body.error === 'string') detail = body.error;
    } catch {
      // Not JSON (a proxy's page, say): the status text will do.
    }
    return `${reply.status}${detail ? ` ${detail}` : ''}`;
  }

  /** Loads the results for the current filters and draws them. */
  async function refresh() {
    const params = query();
    const suffix = params ? `?${params}` : '';
    exportLink.href = `${api}/export.csv${suffix}`;
    // A newer question makes the answer to an older one moot.
    loading?.abort();
    const mine = new AbortController();
    loading = mine;
    // New answers, or a refusal, are news for the inbox too; else it asks less often.
    let news = false;
    try {
      const reply = await fetch(`${api}/results${suffix}`, {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
        cache: 'no-store',
        signal: mine.signal,
      });
      const text = await reply.text();
      if (reply.status === 401 || reply.status === 403) {
        // Results someone may no longer read do not stay on screen.
        list.replaceChildren();
        drawn = '';
        news = true;
        say(signIn);
        return;
      }
      if (!reply.ok) throw new Error(problem(reply, text));
      const data = JSON.parse(text);
      if (!data || !Array.isArray(data.surveys)) throw new Error('the reply has no surveys');
      /** @type {Survey[]} */
      const surveys = data.surveys;
      const shown = `${params}\n${text}`;
      if (shown !== drawn) {
        news = true;
        const asked = new URLSearchParams(params);
        draw(surveys, asked.get('segment') ?? '', asked.has('from') || asked.has('to'));
        drawn = shown;
      }
      const total = surveys.reduce((sum, survey) => sum + (survey.count ?? 0), 0);
      say(
        surveys.length === 0
          ? 'Results loaded: no answers yet.'
          : `Results loaded: ${surveys.length} ${surveys.length === 1 ? 'survey' : 'surveys'}, ${total} ${total === 1 ? 'response' : 'responses'}.`,
      );
      checked.textContent = `Up to date as of ${new Date().toLocaleTimeString('en')}.`;
    } catch (error) {
      if (mine.signal.aborted) return;
      say(`Could not load results: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (!mine.signal.aborted) surveyletInbox.refresh(params, news);
      if (loading === mine) loading = null;
    }
  }

  form.addEventListener('change', () => {
    const params = query();
    history.replaceState(null, '', params ? `?${params}` : location.pathname);
    refresh();
  });
  // Nothing to submit: the filters apply as they change.
  form.addEventListener('submit', (event) => event.preventDefault());
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });
  setInterval(() => {
    // Skipped while hidden or while the last request is still out (a slow server).
    if (!document.hidden && !loading) refresh();
  }, every);
  readAddress();
  refresh();
})();
