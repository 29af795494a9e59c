// @ts-check
// The results page's charts, drawn as inline SVG so the page needs no library. page.ts
// inlines this file before results.client.js inside one function, so `surveyletCharts`
// is visible there and nowhere else. Every chart is one role="img" with a text label
// given by the caller, and prints its numbers next to the marks: colour is never the only
// way to read it. Colours come from CSS classes, so dark mode can change them.

/**
 * @typedef {{ label: string, value: number, tone?: string }} Bar
 * @typedef {{ label: string, value: number | null, low?: number | null,
 *   high?: number | null }} Point
 */

// biome-ignore lint/correctness/noUnusedVariables: results.client.js uses it (see above).
const surveyletCharts = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const WIDTH = 300;
  // Text is drawn in viewBox units; this rough width per character is enough to leave
  // room for labels without measuring them (measuring needs layout, so a reflow).
  const CHAR = 7.5;
  const compact = new Intl.NumberFormat('en', { notation: 'compact' });

  /**
   * An SVG element with attributes (never `style`: the page's CSP allows no inline style).
   * @param {string} name
   * @param {Record<string, string | number>} [attrs]
   * @param {string} [text]
   * @returns {SVGElement}
   */
  function node(name, attrs = {}, text) {
    const element = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, String(value));
    if (text !== undefined) element.textContent = text;
    return element;
  }

  /**
   * The chart's root: scales with its box, one image to assistive technology.
   * @param {number} height
   * @param {string} label what the chart shows, numbers included
   */
  function frame(height, label) {
    return node('svg', {
      viewBox: `0 0 ${WIDTH} ${height}`,
      role: 'img',
      'aria-label': label,
      focusable: 'false',
    });
  }

  /**
   * Horizontal bars, one row per item: its label, the bar, its count and share.
   * @param {Bar[]} bars
   * @param {string} label
   * @param {number} [of] what the shares are of (a funnel's first step); default their sum
   */
  function barsAcross(bars, label, of) {
    const row = 34;
    const height = Math.max(1, bars.length) * row + 4;
    const svg = frame(height, label);
    const total = of ?? bars.reduce((sum, bar) => sum + bar.value, 0);
    const max = Math.max(1, ...bars.map((bar) => bar.value));
    const labelWidth = Math.min(110, Math.max(...bars.map((b) => b.label.length), 4) * CHAR + 8);
    const valueWidth = 90;
    const room = WIDTH - labelWidth - valueWidth;
    svg.append(node('line', { class: 'axis', x1: labelWidth, x2: labelWidth, y1: 0, y2: height }));
    bars.forEach((bar, i) => {
      const middle = i * row + row / 2 + 2;
      // A bar for a non-zero count stays visible however small its share.
      const length = bar.value > 0 ? Math.max(2, (bar.value / max) * room) : 0;
      const share = total > 0 ? Math.round((bar.value / total) * 100) : 0;
      svg.append(
        node(
          'text',
          { x: labelWidth - 6, y: middle, 'text-anchor': 'end', 'dominant-baseline': 'middle' },
          bar.label,
        ),
        node('rect', {
          class: bar.tone ?? 'bar',
          x: labelWidth,
          y: middle - 10,
          width: length,
          height: 20,
        }),
        node(
          'text',
          { x: labelWidth + length + 6, y: middle, 'dominant-baseline': 'middle' },
          `${compact.format(bar.value)} (${share}%)`,
        ),
      );
    });
    return svg;
  }

  /**
   * Vertical bars along a scale: the count above each bar, the score below it.
   * @param {Bar[]} bars
   * @param {string} label
   */
  function barsUp(bars, label) {
    const height = 180;
    const top = 22;
    const bottom = height - 24;
    const svg = frame(height, label);
    const max = Math.max(1, ...bars.map((bar) => bar.value));
    const slot = (WIDTH - 8) / Math.max(1, bars.length);
    const width = Math.max(4, slot * 0.7);
    svg.append(node('line', { class: 'axis', x1: 0, x2: WIDTH, y1: bottom, y2: bottom }));
    bars.forEach((bar, i) => {
      const centre = 4 + slot * i + slot / 2;
      const length = bar.value > 0 ? Math.max(2, (bar.value / max) * (bottom - top)) : 0;
      svg.append(
        node('rect', {
          class: bar.tone ?? 'bar',
          x: centre - width / 2,
          y: bottom - length,
          width,
          height: length,
        }),
        node(
          'text',
          { x: centre, y: bottom - length - 6, 'text-anchor': 'middle' },
          compact.format(bar.value),
        ),
        node('text', { x: centre, y: height - 6, 'text-anchor': 'middle' }, bar.label),
      );
    });
    return svg;
  }

  /**
   * The 95% interval band under a line: one shape per run of periods with an interval,
   * and a short bar for a period alone (a band needs two points to have a width).
   * @param {Point[]} points
   * @param {(i: number) => number} x
   * @param {(value: number) => number} y
   * @returns {SVGElement[]}
   */
  function band(points, x, y) {
    /** @type {SVGElement[]} */
    const shapes = [];
    /** @type {number[]} */
    let run = [];
    const close = () => {
      if (run.length === 1) {
        const [i] = /** @type {[number]} */ (run);
        const top = y(/** @type {number} */ (points[i]?.high));
        const bottom = y(/** @type {number} */ (points[i]?.low));
        shapes.push(
          node('rect', { class: 'band', x: x(i) - 5, y: top, width: 10, height: bottom - top }),
        );
      } else if (run.length > 1) {
        const upper = run.map(
          (i) => `${x(i).toFixed(1)},${y(/** @type {number} */ (points[i]?.high)).toFixed(1)}`,
        );
        const lower = run.map(
          (i) => `${x(i).toFixed(1)},${y(/** @type {number} */ (points[i]?.low)).toFixed(1)}`,
        );
        shapes.push(
          node('polygon', { class: 'band', points: [...upper, ...lower.reverse()].join(' ') }),
        );
      }
      run = [];
    };
    points.forEach((point, i) => {
      if (typeof point.low === 'number' && typeof point.high === 'number' && point.value !== null) {
        run.push(i);
      } else close();
    });
    close();
    return shapes;
  }

  /**
   * A line through the points in order, broken where a period has no value, over a fixed
   * value range (so a flat NPS of 30 does not look like a swing), over the band of each
   * point's 95% interval. Values are printed at each point while there is room, else at
   * the last one.
   * @param {Point[]} points
   * @param {[number, number]} range the lowest and highest possible value
   * @param {(value: number) => string} format
   * @param {string} label
   */
  function line(points, range, format, label) {
    const height = 190;
    const left = 44;
    const right = WIDTH - 18;
    const top = 22;
    const bottom = height - 30;
    const [low, high] = range;
    const svg = frame(height, label);
    /** @param {number} value */
    const y = (value) => bottom - ((value - low) / (high - low || 1)) * (bottom - top);
    /** @param {number} i */
    const x = (i) =>
      points.length === 1 ? (left + right) / 2 : left + (i * (right - left)) / (points.length - 1);
    for (const tick of [low, (low + high) / 2, high]) {
      svg.append(
        node('line', { class: 'grid', x1: left, x2: right, y1: y(tick), y2: y(tick) }),
        node(
          'text',
          { x: left - 6, y: y(tick), 'text-anchor': 'end', 'dominant-baseline': 'middle' },
          format(tick),
        ),
      );
    }
    svg.append(...band(points, x, y));
    let path = '';
    let pen = 'M';
    points.forEach((point, i) => {
      if (point.value === null) {
        pen = 'M';
        return;
      }
      path += `${pen}${x(i).toFixed(1)},${y(point.value).toFixed(1)} `;
      pen = 'L';
    });
    if (path) svg.append(node('path', { class: 'line', d: path.trim() }));
    else {
      const middle = (left + right) / 2;
      svg.append(
        node(
          'text',
          { x: middle, y: y((low + high) / 2) - 8, 'text-anchor': 'middle' },
          'No values yet',
        ),
      );
    }
    const valued = points.filter((point) => point.value !== null);
    const last = valued[valued.length - 1];
    points.forEach((point, i) => {
      if (point.value === null) return;
      svg.append(node('circle', { class: 'dot', cx: x(i), cy: y(point.value), r: 4 }));
      if (points.length <= 8 || point === last) {
        svg.append(
          node(
            'text',
            { x: x(i), y: y(point.value) - 9, 'text-anchor': 'middle' },
            format(point.value),
          ),
        );
      }
    });
    const first = points[0];
    const end = points[points.length - 1];
    if (first) {
      const alone = points.length === 1;
      svg.append(
        node(
          'text',
          { x: alone ? x(0) : left, y: height - 8, 'text-anchor': alone ? 'middle' : 'start' },
          first.label,
        ),
      );
    }
    if (end && points.length > 1) {
      svg.append(node('text', { x: right, y: height - 8, 'text-anchor': 'end' }, end.label));
    }
    return svg;
  }

  return { barsAcross, barsUp, line };
})();
