// @ts-check
// Turns one survey of the `GET …/results` JSON into its section of the results page:
// headline, charts, tables and comments. page.ts inlines this file after charts.client.js
// and before results.client.js, inside one function. Survey ids, segments and comments
// come from visitors, so they only ever reach the page as text nodes and attribute values.

/**
 * @typedef {{ period: string, count: number, value: number | null, low?: number | null,
 *   high?: number | null }} TrendRow
 * @typedef {{ segment: string, count: number, value: number | null, low?: number | null,
 *   high?: number | null, vsRest?: Difference | null }} SegmentRow
 * @typedef {{ score: number, category: string, comment: string, receivedAt?: string,
 *   createdAt?: string }} CommentRow
 * @typedef {{ surveyId: string, type: string, variant?: string | null,
 *   warning?: string, tooFew?: boolean, comparison?: Comparison,
 *   scale?: { min: number, max: number }, count?: number, metric?: Metric,
 *   categories?: Record<string, number>, distribution?: Record<string, number>,
 *   trend?: TrendRow[], segments?: SegmentRow[], comments?: CommentRow[],
 *   funnel?: Funnel | null }} Survey
 */

// biome-ignore lint/correctness/noUnusedVariables: results.client.js uses it (see above).
const surveyletView = (() => {
  const charts = surveyletCharts;
  /** @type {Record<string, string[]>} worst first, as the widget's scales run */
  const order = {
    nps: ['detractor', 'passive', 'promoter'],
    csat: ['dissatisfied', 'neutral', 'satisfied'],
    ces: ['difficult', 'neutral', 'easy'],
  };
  /** @type {Record<string, string>} CSS classes: green, amber and red as in the demo */
  const tones = {
    promoter: 'good',
    satisfied: 'good',
    easy: 'good',
    passive: 'mid',
    neutral: 'mid',
    detractor: 'bad',
    dissatisfied: 'bad',
    difficult: 'bad',
  };
  const whole = new Intl.NumberFormat('en');
  const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

  /**
   * An HTML element; children are nodes or text, never markup.
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {Record<string, string>} [attrs]
   * @param {(Node | string)[] | string} [children]
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, attrs = {}, children = []) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value);
    if (typeof children === 'string') element.textContent = children;
    else element.append(...children);
    return element;
  }

  /** @param {number} n */
  const responses = (n) => `${whole.format(n)} ${n === 1 ? 'response' : 'responses'}`;

  /**
   * Which metric a survey reports: the API names it; its type is the fallback.
   * @param {Survey} survey
   */
  const metricName = (survey) => String(survey.metric?.name ?? survey.type ?? '');

  const { formatValue, interval } = surveyletNumbers;

  /**
   * The big number (or "too few answers to tell"), with a smaller note on which way is
   * good where that is not obvious, and the line under it: interval, share of easy
   * answers, count.
   * @param {Survey} survey
   * @returns {[(Node | string)[], string]}
   */
  function headline(survey) {
    const metric = survey.metric ?? { value: null };
    const name = metricName(survey);
    const count = survey.count ?? 0;
    /** @type {(Node | string)[]} */
    const big = [surveyletNumbers.big(name, metric, survey.tooFew === true, count)];
    if (name === 'ces' && survey.variant === 'effort') {
      big.push(' ', el('span', { class: 'note' }, '(lower is better)'));
    }
    const parts = [];
    const range = interval(name, metric);
    if (range) parts.push(`95% interval ${range}`);
    else if (metric.value !== null) parts.push('too few answers for an interval');
    if (typeof metric.percentEasy === 'number') {
      parts.push(`${Math.round(metric.percentEasy)}% found it easy`);
    }
    parts.push(responses(count));
    return [big, parts.join(' · ')];
  }

  /**
   * A table in a disclosure, for the exact numbers behind a chart.
   * @param {string} key stable across refreshes, to keep it open
   * @param {string} caption
   * @param {string[]} head
   * @param {(string | number)[][]} rows numbers are right-aligned
   * @param {boolean} [folded]
   */
  function table(key, caption, head, rows, folded = true) {
    const grid = el('table', {}, [
      el('caption', {}, caption),
      el('thead', {}, [
        el(
          'tr',
          {},
          head.map((h) => el('th', { scope: 'col' }, h)),
        ),
      ]),
      el(
        'tbody',
        {},
        rows.map(([first, ...rest]) =>
          el('tr', {}, [
            el('th', { scope: 'row' }, String(first)),
            ...rest.map((cell) =>
              typeof cell === 'number'
                ? el('td', { class: 'number' }, whole.format(cell))
                : el('td', {}, cell),
            ),
          ]),
        ),
      ),
    ]);
    if (!folded) return grid;
    return el('details', { 'data-key': key }, [el('summary', {}, `${caption} as a table`), grid]);
  }

  /**
   * One chart with its heading and its table.
   * @param {string} title
   * @param {SVGElement} svg
   * @param {HTMLElement} numbers
   */
  const chart = (title, svg, numbers) =>
    el('div', { class: 'chart' }, [el('h3', {}, title), svg, numbers]);

  /**
   * The scores a survey's scale runs over, with the count of each (zeros included).
   * @param {Survey} survey
   * @returns {[string, number][]}
   */
  function distribution(survey) {
    const counts = survey.distribution ?? {};
    const keys = Object.keys(counts).map(Number);
    const min = survey.scale?.min ?? Math.min(...keys);
    const max = survey.scale?.max ?? Math.max(...keys);
    const scores = [];
    if (Number.isInteger(min) && Number.isInteger(max) && max >= min && max - min <= 20) {
      for (let score = min; score <= max; score++) scores.push(score);
    }
    for (const key of keys) if (!scores.includes(key)) scores.push(key);
    return scores.sort((a, b) => a - b).map((score) => [String(score), counts[score] ?? 0]);
  }

  /**
   * The range a metric's trend is drawn over.
   * @param {string} name
   * @param {Survey} survey
   * @returns {[number, number]}
   */
  function range(name, survey) {
    if (name === 'nps') return [-100, 100];
    if (name === 'csat') return [0, 100];
    const scores = distribution(survey).map(([score]) => Number(score));
    return [
      survey.scale?.min ?? Math.min(1, ...scores),
      survey.scale?.max ?? Math.max(5, ...scores),
    ];
  }

  /**
   * The section of one survey.
   * @param {Survey} survey
   * @param {number} index position on the page, for ids (survey ids are not trusted)
   * @param {string} segment what the segments are by, for the table's caption
   * @param {boolean} [ranged] whether the reader chose dates (the headline is then the period)
   */
  function section(survey, index, segment, ranged = false) {
    const id = `survey-${index}`;
    const name = metricName(survey);
    const label = name.toUpperCase();
    // One id may hold two series (two kinds of answers): the kind is part of the key.
    const kind = `${survey.type}\n${survey.variant ?? ''}`;
    const key = (/** @type {string} */ part) => `${survey.surveyId}\n${kind}\n${part}`;
    const [big, detail] = headline(survey);
    const counts = survey.categories ?? {};
    const categories = [...(order[survey.type] ?? [])];
    for (const c of Object.keys(counts)) if (!categories.includes(c)) categories.push(c);
    const total = categories.reduce((sum, c) => sum + (counts[c] ?? 0), 0);
    const share = (/** @type {number} */ n) => `${total > 0 ? Math.round((n / total) * 100) : 0}%`;
    const scores = distribution(survey);
    const trend = survey.trend ?? [];
    const format = (/** @type {number} */ v) => formatValue(name, v);

    const title = survey.warning
      ? `${survey.surveyId} (${label}${survey.variant ? ` ${survey.variant}` : ''})`
      : survey.surveyId;
    const root = el('section', { class: 'survey', 'aria-labelledby': id }, [
      el('h2', { id }, title),
      ...(survey.warning ? [el('p', { class: 'warning' }, `Note: ${survey.warning}.`)] : []),
      // The space keeps "NPS 32" and "95% interval…" apart when read aloud or copied.
      el('p', { class: 'headline' }, [
        el('span', { class: survey.tooFew ? 'metric few' : 'metric' }, big),
        ' ',
        el('span', {}, detail),
      ]),
    ]);
    const compared = surveyletNumbers.comparisonLine(name, survey.comparison, ranged);
    if (compared) root.append(el('p', { class: 'comparison' }, compared));
    root.append(...surveyletFunnel.part(survey, { el, table, key, segment }));
    const cats = categories.map((c) => ({
      label: c,
      value: counts[c] ?? 0,
      tone: tones[c] ?? 'other',
    }));
    root.append(
      el('div', { class: 'charts' }, [
        chart(
          'Categories',
          charts.barsAcross(
            cats,
            `Categories: ${cats.map((c) => `${c.label} ${c.value} (${share(c.value)})`).join(', ')}`,
          ),
          table(
            key('categories'),
            'Categories',
            ['Category', 'Responses', 'Share'],
            cats.map((c) => [c.label, c.value, share(c.value)]),
          ),
        ),
        chart(
          'Score distribution',
          charts.barsUp(
            scores.map(([score, n]) => ({ label: score, value: n })),
            `Score distribution: ${scores.map(([s, n]) => `${n} scored ${s}`).join(', ')}`,
          ),
          table(key('scores'), 'Score distribution', ['Score', 'Responses'], scores),
        ),
        chart(
          `Trend (${label})`,
          charts.line(
            trend.map((t) => ({ label: t.period, value: t.value, low: t.low, high: t.high })),
            range(name, survey),
            format,
            describeTrend(label, format, trend),
          ),
          table(
            key('trend'),
            `Trend (${label})`,
            ['Period', 'Responses', label, '95% interval'],
            trend.map((t) => [
              t.period,
              t.count,
              formatValue(name, t.value),
              interval(name, t) || '–',
            ]),
          ),
        ),
      ]),
    );
    const segments = survey.segments ?? [];
    if (segments.length > 0) {
      const rows = segments.map((s) => [
        s.segment,
        s.count,
        formatValue(name, s.value),
        interval(name, s) || '–',
        surveyletNumbers.versusRest(name, s.vsRest),
      ]);
      root.append(
        table(
          key('segments'),
          `By ${segment || 'segment'}`,
          ['Segment', 'Responses', label, '95% interval', 'vs the rest'],
          rows,
          false,
        ),
      );
    }
    const comments = survey.comments ?? [];
    if (comments.length > 0) {
      root.append(
        el('h3', {}, 'Latest comments'),
        el(
          'ul',
          { class: 'comments' },
          comments.map((c) =>
            el('li', {}, [el('span', { class: 'meta' }, meta(c)), el('q', {}, c.comment)]),
          ),
        ),
      );
    }
    return root;
  }

  /**
   * The trend in words, for the chart's label: its ends and its extremes (the table
   * under it has every period).
   * @param {string} label
   * @param {(value: number) => string} format
   * @param {TrendRow[]} trend
   */
  function describeTrend(label, format, trend) {
    /** @type {[string, number][]} */
    const points = [];
    for (const t of trend) if (t.value !== null) points.push([t.period, t.value]);
    const [first, last] = [points[0], points[points.length - 1]];
    if (!first || !last) return `Trend of ${label}: no values yet`;
    if (points.length === 1) return `Trend of ${label}: ${format(first[1])} on ${first[0]}`;
    const values = points.map(([, value]) => value);
    return `Trend of ${label} over ${trend.length} periods: ${format(first[1])} on ${first[0]}, ${format(last[1])} on ${last[0]}; lowest ${format(Math.min(...values))}, highest ${format(Math.max(...values))}`;
  }

  /**
   * A comment's score, category and date, as one line of text.
   * @param {CommentRow} comment
   * @returns {(Node | string)[]}
   */
  function meta(comment) {
    const at = comment.receivedAt ?? comment.createdAt;
    const date = at ? new Date(at) : null;
    const parts = [`Score ${comment.score} (${comment.category})`];
    if (!date || Number.isNaN(date.getTime())) return parts;
    return [...parts, ', ', el('time', { datetime: date.toISOString() }, when.format(date))];
  }

  return { section, el };
})();
