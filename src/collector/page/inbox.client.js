// @ts-check
// The results page's follow-up inbox: the answers to act on, worst first, each with a
// status a reader sets (as a group of toggle buttons, so a keyboard or screen reader
// changes it with one press and focus stays on the button pressed), and how fast the
// team follows up. page.ts inlines it after view.client.js; results.client.js calls
// `surveyletInbox.refresh` each time it loads the results, with the same filters.

/**
 * @typedef {{ responseId: string, surveyId: string, type: string, score: number,
 *   category: string, comment: string | null, page: string | null, locale: string | null,
 *   receivedAt: string, userId: string | null, traits: Record<string, unknown> | null,
 *   status: string, by: string | null, at: string | null, firstContactAt: string | null
 * }} Item
 * @typedef {{ contacted: number, medianFirstContactMs: number | null, lowNotContacted: number,
 *   lowContactedWithinDay: { contacted: number, of: number, share: number | null } }} Summary
 */

// biome-ignore lint/correctness/noUnusedVariables: results.client.js uses it (see above).
const surveyletInbox = (() => {
  const { el } = surveyletView;
  const root = /** @type {HTMLElement} */ (document.getElementById('inbox'));
  const api = (document.getElementById('results')?.dataset.api ?? '').replace(/\/+$/, '');
  const [title, summaryLine, nameField, statusFilter, note, list] = [
    'inbox-title',
    'inbox-summary',
    'inbox-by',
    'inbox-status',
    'inbox-note',
    'inbox-items',
  ].map((id) => /** @type {HTMLElement} */ (document.getElementById(id)));
  const name = /** @type {HTMLInputElement} */ (nameField);
  const show = /** @type {HTMLSelectElement} */ (statusFilter);
  const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
  const remembered = 'surveylet-inbox-name';
  /** @param {string} status */
  const label = (status) => status.charAt(0).toUpperCase() + status.slice(1);
  let filters = '';
  let drawn = '';
  /** @type {string | null} the answer an alert linked to, shown even if filtered out */
  let linked = null;
  let focusLinked = false;
  /** @type {AbortController | null} */
  let loading = null;
  let loadedAt = 0;
  // The inbox sorts every answer of the range (measured 150–350 ms on 100,000 answers), so
  // without new answers or new filters it asks only this often, for other readers' changes.
  const every = 30_000;

  try {
    name.value = localStorage.getItem(remembered) ?? '';
  } catch {
    // Storage may be off; the reader types the name again.
  }
  name.addEventListener('change', () => {
    try {
      localStorage.setItem(remembered, name.value.trim());
    } catch {
      // As above.
    }
  });

  /**
   * What a failed reply says: the collector answers `{ "error": "…" }`.
   * @param {Response} reply
   * @param {string} body
   */
  function problem(reply, body) {
    try {
      const error = JSON.parse(body)?.error;
      if (typeof error === 'string') return `${reply.status} ${error}`;
    } catch {
      // Not JSON (a proxy's page, say): the status will do.
    }
    return `${reply.status} ${reply.statusText}`.trim();
  }

  /** @param {string} text */
  const say = (text) => {
    if (note.textContent !== text) note.textContent = text;
  };

  /** @param {number | null} ms */
  function duration(ms) {
    if (ms === null) return 'no contact yet';
    const minutes = Math.round(ms / 60_000);
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    if (hours < 48) return `${hours} h ${minutes % 60} min`;
    return `${Math.floor(hours / 24)} days ${hours % 24} h`;
  }

  /** @param {Summary} s */
  function drawSummary(s) {
    const day = s.lowContactedWithinDay;
    const share =
      day.share === null
        ? 'none due yet'
        : `${Math.round(day.share * 100)}% (${day.contacted} of ${day.of})`;
    summaryLine.replaceChildren(
      el(
        'span',
        {},
        `Median time to first contact: ${duration(s.medianFirstContactMs)} (${s.contacted} contacted)`,
      ),
      ' · ',
      el('span', {}, `Unhappy answers contacted within a day: ${share}`),
      ' · ',
      el('span', {}, `${s.lowNotContacted} unhappy not contacted yet`),
    );
  }

  /**
   * @param {string} iso
   * @param {string} prefix
   */
  function time(iso, prefix) {
    const date = new Date(iso);
    return [prefix, el('time', { datetime: date.toISOString() }, when.format(date))];
  }

  /** @param {unknown} value */
  const text = (value) => (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 200);

  /**
   * One answer, its context, its respondent and its status buttons.
   * @param {Item} item
   * @param {string[]} statuses
   */
  function entry(item, statuses) {
    const id = `inbox-${item.responseId}`;
    const context = [item.page, item.locale && `locale ${item.locale}`].filter(Boolean).join(' · ');
    const traits = Object.entries(item.traits ?? {}).slice(0, 20);
    const who = item.userId ? `User ${item.userId}` : 'Anonymous visitor';
    const state =
      item.status === 'new' || !item.by || !item.at
        ? ['Not followed up yet.']
        : [`${label(item.status)} by ${item.by}, `, ...time(item.at, ''), '.'];
    const li = el('li', { id, tabindex: '-1', 'data-key': item.responseId }, [
      el('h3', { id: `${id}-title` }, `Score ${item.score} (${item.category}) · ${item.surveyId}`),
      item.comment ? el('q', {}, item.comment) : el('p', { class: 'meta' }, 'No comment.'),
      el('p', { class: 'meta' }, [
        ...time(item.receivedAt, 'Received '),
        context ? ` · ${context}` : '',
      ]),
      el('p', { class: 'meta' }, who),
    ]);
    if (traits.length > 0) {
      li.append(
        el('details', { 'data-key': `${item.responseId}\ntraits` }, [
          el('summary', {}, `Traits of this respondent (${traits.length})`),
          el(
            'dl',
            {},
            traits.flatMap(([key, value]) => [el('dt', {}, key), el('dd', {}, text(value))]),
          ),
        ]),
      );
    }
    li.append(
      el('div', { role: 'group', class: 'states', 'aria-labelledby': `${id}-label ${id}-title` }, [
        el('span', { id: `${id}-label`, class: 'meta' }, 'Status:'),
        ...statuses.map((status) =>
          el(
            'button',
            {
              type: 'button',
              'aria-pressed': String(status === item.status),
              'data-key': `${item.responseId}\n${status}`,
              'data-id': item.responseId,
              'data-status': status,
            },
            label(status),
          ),
        ),
      ]),
      el('p', { class: 'meta' }, state),
    );
    return li;
  }

  /**
   * Draws the items, keeping open traits open and focus on the same control.
   * @param {Item[]} items
   * @param {string[]} statuses
   */
  function draw(items, statuses) {
    const open = new Set();
    for (const details of list.querySelectorAll('details'))
      if (details.open) open.add(details.dataset.key);
    const focused = document.activeElement;
    const focusKey =
      focused instanceof HTMLElement && list.contains(focused)
        ? focused.closest('[data-key]') instanceof HTMLElement
          ? /** @type {HTMLElement} */ (focused.closest('[data-key]')).dataset.key
          : undefined
        : undefined;
    list.replaceChildren(
      ...(items.length === 0
        ? [el('li', {}, 'Nothing to follow up here.')]
        : items.map((i) => entry(i, statuses))),
    );
    // Keys hold response ids, compared as text, never put in a selector.
    for (const node of list.querySelectorAll('[data-key]')) {
      const element = /** @type {HTMLElement} */ (node);
      if (element instanceof HTMLDetailsElement && open.has(element.dataset.key))
        element.open = true;
      const target = element.tagName === 'DETAILS' ? element.querySelector('summary') : element;
      if (focusKey !== undefined && element.dataset.key === focusKey)
        target?.focus({ preventScroll: true });
    }
    if (
      focused instanceof HTMLElement &&
      list.contains(focused) &&
      !list.contains(document.activeElement)
    ) {
      title.focus(); // the control went away (its answer left the filter): the inbox keeps focus
    }
  }

  /** @param {string} query */
  async function ask(query) {
    const reply = await fetch(`${api}/inbox?${query}`, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      signal: loading?.signal,
    });
    const body = await reply.text();
    if (!reply.ok) throw Object.assign(new Error(problem(reply, body)), { status: reply.status });
    return JSON.parse(body);
  }

  /** Loads the inbox for the page's filters and this section's status filter. */
  async function load() {
    loading?.abort();
    const mine = new AbortController();
    loading = mine;
    loadedAt = Date.now();
    const params = new URLSearchParams(filters);
    for (const key of ['by', 'segment']) params.delete(key);
    if (show.value) params.set('status', show.value);
    try {
      const data = await ask(params.toString());
      const items = /** @type {Item[]} */ (data.items ?? []);
      /** @type {string[]} */
      const statuses = data.statuses ?? [];
      if (show.options.length === 1) {
        show.append(...statuses.map((s) => el('option', { value: s }, label(s))));
      }
      if (linked && !items.some((i) => i.responseId === linked)) {
        const one = await ask(`responseId=${encodeURIComponent(linked)}`);
        items.unshift(...(one.items ?? []));
      }
      const shown = JSON.stringify([items, statuses]);
      if (shown !== drawn) {
        draw(items, statuses);
        drawn = shown;
      }
      drawSummary(data.summary);
      root.hidden = false;
      if (focusLinked && linked) {
        focusLinked = false;
        const target = [...list.children].find((li) => li.id === `inbox-${linked}`);
        if (target instanceof HTMLElement) {
          target.scrollIntoView({ block: 'center' });
          target.focus({ preventScroll: true });
        }
      }
    } catch (error) {
      if (mine.signal.aborted) return;
      const status = /** @type {{ status?: number }} */ (error).status;
      if (status === 401 || status === 403) {
        // What someone may no longer read leaves the screen; the page's status line
        // already asks to sign in.
        list.replaceChildren();
        summaryLine.replaceChildren();
        drawn = '';
        root.hidden = true;
        return;
      }
      say(`Could not load the inbox: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (loading === mine) loading = null;
    }
  }

  /** The answer an alert links to (`#inbox-<responseId>`), focused once loaded. */
  function readHash() {
    const match = /^#inbox-([0-9a-f-]{36})$/i.exec(location.hash);
    linked = match ? (match[1] ?? '').toLowerCase() : null;
    focusLinked = linked !== null;
  }

  /**
   * Sets one answer's status, by the name typed above.
   * @param {HTMLElement} button
   */
  async function change(button) {
    const by = name.value.trim();
    if (!by) {
      say('Type your name first, so the team sees who followed up.');
      name.focus();
      return;
    }
    const status = button.dataset.status ?? '';
    const reply = await fetch(`${api}/inbox/${encodeURIComponent(button.dataset.id ?? '')}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ status, by }),
    }).catch((error) => error);
    if (!(reply instanceof Response)) return say(`Could not save: ${String(reply)}`);
    const body = await reply.text();
    if (!reply.ok) return say(`Could not save: ${problem(reply, body)}`);
    for (const other of button.parentElement?.querySelectorAll('button') ?? []) {
      other.setAttribute('aria-pressed', String(other === button));
    }
    say(`Marked ${status} by ${by}.`);
    await load();
  }

  list.addEventListener('click', (event) => {
    const button =
      event.target instanceof Element ? event.target.closest('button[data-status]') : null;
    if (button instanceof HTMLElement) change(button);
  });
  show.addEventListener('change', () => load());
  window.addEventListener('hashchange', () => {
    readHash();
    load();
  });
  readHash();

  return {
    /**
     * Reloads the inbox with the page's filters (a query string) when they changed, when
     * `news` says the results did, or when the last load is old; never two at once.
     * @param {string} query
     * @param {boolean} news
     */
    refresh(query, news) {
      if (query === filters && (loading || (!news && Date.now() - loadedAt < every))) return;
      filters = query;
      load();
    },
  };
})();
