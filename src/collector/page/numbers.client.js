// @ts-check
// The words around a survey's numbers: the headline (or "too few answers to tell"), the
// comparison with the previous period and how a segment differs from the rest. page.ts
// inlines this file after charts.client.js and before view.client.js, inside one
// function. Whether answers are too few and whether a difference is significant come
// from the API (`tooFew`, `significant`), so the threshold lives in one place.

/**
 * @typedef {{ name?: string, value: number | null, n?: number, low?: number | null,
 *   high?: number | null, percentEasy?: number | null }} Metric
 * @typedef {{ difference: number, low: number, high: number,
 *   significant: boolean | null }} Difference
 * @typedef {{ days: number, current: { metric: Metric }, previous: { metric: Metric },
 *   change: Difference | null }} Comparison
 */

// biome-ignore lint/correctness/noUnusedVariables: view.client.js uses it (see above).
const surveyletNumbers = (() => {
  const whole = new Intl.NumberFormat('en');

  /**
   * A metric value as people read it: NPS whole, CSAT a percentage, CES two decimals.
   * @param {string} name
   * @param {number | null | undefined} value
   */
  function formatValue(name, value) {
    if (value === null || value === undefined) return '–';
    if (name === 'csat') return `${Math.round(value)}%`;
    if (name === 'ces') return value.toFixed(2);
    return String(Math.round(value));
  }

  /**
   * A difference of a metric with its sign: NPS points, CSAT percentage points, CES two
   * decimals. A true minus sign, as elsewhere in typeset numbers.
   * @param {string} name
   * @param {number} difference
   */
  function formatChange(name, difference) {
    const size =
      name === 'ces' ? Math.abs(difference).toFixed(2) : String(Math.round(Math.abs(difference)));
    const zero = Number(size) === 0;
    const sign = zero ? '±' : difference > 0 ? '+' : '−';
    return `${sign}${size}${name === 'csat' ? ' points' : ''}`;
  }

  /**
   * A metric's 95% interval as text, or '' without one.
   * @param {string} name
   * @param {{ low?: number | null, high?: number | null }} metric
   */
  function interval(name, metric) {
    const { low, high } = metric;
    if (typeof low !== 'number' || typeof high !== 'number') return '';
    return `${formatValue(name, low)} to ${formatValue(name, high)}`;
  }

  /**
   * What a test says of a difference, in words.
   * @param {Difference} change
   */
  function verdict(change) {
    if (change.significant === null) return 'too few answers to tell';
    return change.significant ? 'significant' : 'not significant';
  }

  /**
   * The big number, or the words that replace it when the answers are too few.
   * @param {string} name
   * @param {Metric} metric
   * @param {boolean} tooFew
   * @param {number} count
   */
  function big(name, metric, tooFew, count) {
    const label = name.toUpperCase();
    if (metric.value === null) return `${label}: no score yet`;
    if (tooFew) return `${label}: too few answers to tell (n = ${whole.format(metric.n ?? count)})`;
    return `${label} ${formatValue(name, metric.value)}`;
  }

  /**
   * "+8 vs previous 30 days (not significant)", with the current value first when the
   * period is not what the headline already counts.
   * @param {string} name
   * @param {Comparison | undefined} comparison
   * @param {boolean} ranged whether the reader chose a range (the headline is then the period)
   */
  function comparisonLine(name, comparison, ranged) {
    if (!comparison) return '';
    const days = Math.round(comparison.days * 10) / 10;
    const span = `${whole.format(days)} ${days === 1 ? 'day' : 'days'}`;
    const now = comparison.current.metric;
    const head = ranged
      ? ''
      : `Last ${span}: ${name.toUpperCase()} ${formatValue(name, now.value)} (n = ${whole.format(now.n ?? 0)}), `;
    const { change } = comparison;
    if (now.value === null) return `No answers in the last ${span}.`;
    if (!change) return `${head}no answers in the previous ${span} to compare with.`;
    return `${head}${formatChange(name, change.difference)} vs previous ${span} (${verdict(change)}).`;
  }

  /**
   * A segment against the rest, for its table cell: "+12 (significant)".
   * @param {string} name
   * @param {Difference | null | undefined} change
   */
  function versusRest(name, change) {
    if (!change) return '–';
    return `${formatChange(name, change.difference)} (${verdict(change)})`;
  }

  return { formatValue, formatChange, interval, big, comparisonLine, versusRest };
})();
