// @ts-check
// A survey's funnel on the results page: how many saw it, scored, commented and closed
// it, and the response rate with its interval. page.ts inlines this file after
// numbers.client.js and before view.client.js, inside one function; view.client.js
// hands it the helpers it builds with. Whether showings are too few comes from the API
// (`tooFew`), so the threshold lives in one place.

/**
 * @typedef {{ value: number | null, low: number | null, high: number | null }} Rate
 * @typedef {{ shown: number, dismissed: number, dismissedAt?: { score: number,
 *   followUp: number }, answered: number, commented: number, responseRate: Rate,
 *   tooFew: boolean }} FunnelCounts
 * @typedef {FunnelCounts & { segment: string }} FunnelSegment
 * @typedef {FunnelCounts & { answersWithoutShowing?: number,
 *   segments?: FunnelSegment[] | null }} Funnel
 * @typedef {{ el: (tag: string, attrs?: Record<string, string>,
 *   children?: (Node | string)[] | string) => HTMLElement,
 *   table: (key: string, caption: string, head: string[], rows: (string | number)[][],
 *   folded?: boolean) => HTMLElement, key: (part: string) => string,
 *   segment: string }} Tools
 */

// biome-ignore lint/correctness/noUnusedVariables: view.client.js uses it (see above).
const surveyletFunnel = (() => {
  const whole = new Intl.NumberFormat('en');
  const count = (/** @type {number} */ n) => whole.format(n);

  /**
   * "Response rate 42% (95% interval 38% to 46%): 420 of 1,000 scored.", or the words
   * that replace the rate when the showings are too few.
   * @param {FunnelCounts} f
   */
  function rateLine(f) {
    const { value, low, high } = f.responseRate;
    const of = `${count(f.answered)} of ${count(f.shown)} scored.`;
    if (value === null || f.tooFew) {
      return `Response rate: too few showings to tell (n = ${count(f.shown)}); ${of}`;
    }
    const range = typeof low === 'number' && typeof high === 'number';
    return `Response rate ${Math.round(value)}%${range ? ` (95% interval ${Math.round(low)}% to ${Math.round(high)}%)` : ''}: ${of}`;
  }

  /**
   * Shown → scored → commented as bars, each with its share of the showings.
   * @param {Funnel} f
   */
  function bars(f) {
    const steps = [
      { label: 'shown', value: f.shown },
      { label: 'scored', value: f.answered },
      { label: 'commented', value: f.commented },
    ];
    const label = `Funnel: ${count(f.shown)} shown, ${count(f.answered)} scored, ${count(f.commented)} commented`;
    return surveyletCharts.barsAcross(steps, label, f.shown);
  }

  /**
   * The funnel of one survey, or why there is none; then its table by segment, if any.
   * @param {{ funnel?: Funnel | null }} survey
   * @param {Tools} tools
   */
  function part(survey, { el, table, key, segment }) {
    const f = survey.funnel ?? null;
    const box = el('div', { class: 'chart' }, [el('h3', {}, 'Shown, scored, commented')]);
    const wrap = el('div', { class: 'charts' }, [box]);
    if (f === null) {
      box.append(el('p', {}, "Impressions not reported by this site's widget yet."));
      return [wrap];
    }
    const unreported = f.answersWithoutShowing ?? 0;
    const note =
      unreported > 0
        ? [
            el(
              'p',
              { class: 'checked' },
              `${count(unreported)} ${unreported === 1 ? 'answer' : 'answers'} in this range came without a reported showing: the rate leaves ${unreported === 1 ? 'it' : 'them'} out.`,
            ),
          ]
        : [];
    if (f.shown === 0) {
      box.append(el('p', {}, 'No showings reported in this range.'), ...note);
      return [wrap];
    }
    const at = f.dismissedAt ?? { score: 0, followUp: 0 };
    const share = (/** @type {number} */ n) => `${Math.round((n / f.shown) * 100)}%`;
    box.append(
      el('p', {}, rateLine(f)),
      bars(f),
      el(
        'p',
        {},
        `${count(f.dismissed)} dismissed: ${count(at.score)} before a score, ${count(at.followUp)} at the comment.`,
      ),
      ...note,
      table(
        key('funnel'),
        'Funnel',
        ['Step', 'Count', 'Share of shown'],
        [
          ['shown', f.shown, '100%'],
          ['scored', f.answered, share(f.answered)],
          ['commented', f.commented, share(f.commented)],
          ['dismissed', f.dismissed, share(f.dismissed)],
        ],
      ),
    );
    if (f.segments === null) {
      box.append(el('p', {}, `Showings do not say ${segment}: no response rate by it.`));
      return [wrap];
    }
    if (!f.segments || f.segments.length === 0) return [wrap];
    // Beside the segments' own table, full width, rather than squeezed into the chart.
    const rows = f.segments.map((s) => {
      const { value, low, high } = s.responseRate;
      const interval =
        typeof low === 'number' && typeof high === 'number'
          ? `${Math.round(low)}% to ${Math.round(high)}%`
          : '–';
      return [
        s.segment,
        s.shown,
        s.answered,
        value === null ? '–' : `${Math.round(value)}%`,
        interval,
      ];
    });
    const caption = `Response rate for each ${segment || 'segment'}`;
    const head = ['Segment', 'Shown', 'Scored', 'Response rate', '95% interval'];
    return [wrap, table(key('funnel-segments'), caption, head, rows, false)];
  }

  return { part };
})();
