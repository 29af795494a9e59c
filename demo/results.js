// The results page: reads GET /collect/results and draws it with Chart.js. Numbers
// are also written as text and tables, so the page reads without the charts.
const colors = {
  promoter: '#1a7f37',
  passive: '#9a6700',
  detractor: '#cf222e',
  satisfied: '#1a7f37',
  neutral: '#9a6700',
  dissatisfied: '#cf222e',
  easy: '#1a7f37',
  difficult: '#cf222e',
};
const order = {
  nps: ['detractor', 'passive', 'promoter'],
  csat: ['dissatisfied', 'neutral', 'satisfied'],
  ces: ['difficult', 'neutral', 'easy'],
};
const charts = new Map();

function metricText(survey) {
  const { name, value } = survey.metric;
  if (value === null) return '–';
  if (name === 'nps') return `NPS ${Math.round(value)}`;
  if (name === 'csat') return `CSAT ${Math.round(value)} %`;
  return `CES ${value.toFixed(2)}${survey.variant === 'effort' ? ' (lower is better)' : ''}`;
}

function element(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of [].concat(children)) node.append(child);
  return node;
}

function table(caption, rows) {
  return element('details', {}, [
    element('summary', { textContent: `${caption} as a table` }),
    element('table', {}, [
      element('caption', { textContent: caption }),
      ...rows.map(([a, b]) =>
        element('tr', {}, [
          element('th', { textContent: a }),
          element('td', { textContent: String(b) }),
        ]),
      ),
    ]),
  ]);
}

function chart(id, label, config, rows) {
  const canvas = element('canvas', {
    role: 'img',
    ariaLabel: `${label}: ${rows.map(([a, b]) => `${a} ${b}`).join(', ')}`,
  });
  const box = element('figure', { className: 'chart' }, [canvas]);
  charts.get(id)?.destroy();
  if (window.Chart) {
    charts.set(
      id,
      new window.Chart(canvas, {
        ...config,
        options: { animation: false, maintainAspectRatio: false, ...config.options },
      }),
    );
  }
  return element('div', {}, [element('h3', { textContent: label }), box, table(label, rows)]);
}

function render(data) {
  const root = document.getElementById('surveys');
  root.replaceChildren();
  if (data.surveys.length === 0) {
    root.append(
      element('p', { textContent: 'No answers yet: answer a survey on one of the demo pages.' }),
    );
  }
  for (const survey of data.surveys) {
    const cats = order[survey.type].map((c) => [c, survey.categories[c] ?? 0]);
    const dist = Object.entries(survey.distribution).sort((a, b) => Number(a[0]) - Number(b[0]));
    const card = element('section', { className: 'survey', ariaLabel: survey.surveyId }, [
      element('h2', { textContent: survey.surveyId }),
      element('div', { className: 'headline' }, [
        element('span', { className: 'metric', textContent: metricText(survey) }),
        element('span', { textContent: `${survey.count} responses` }),
      ]),
    ]);
    const grid = element('div', { className: 'charts' }, [
      chart(
        `${survey.surveyId}-cats`,
        'Categories',
        {
          type: 'bar',
          data: {
            labels: cats.map(([c]) => c),
            datasets: [
              {
                data: cats.map(([, n]) => n),
                backgroundColor: cats.map(([c]) => colors[c] ?? '#57606a'),
              },
            ],
          },
          options: { plugins: { legend: { display: false } }, indexAxis: 'y' },
        },
        cats,
      ),
      chart(
        `${survey.surveyId}-dist`,
        'Score distribution',
        {
          type: 'bar',
          data: {
            labels: dist.map(([s]) => s),
            datasets: [{ data: dist.map(([, n]) => n), backgroundColor: '#1d5fd6' }],
          },
          options: { plugins: { legend: { display: false } } },
        },
        dist,
      ),
      chart(
        `${survey.surveyId}-trend`,
        `Trend (${survey.metric.name})`,
        {
          type: 'line',
          data: {
            labels: survey.trend.map((t) => t.period),
            datasets: [{ data: survey.trend.map((t) => t.value), borderColor: '#1d5fd6' }],
          },
          options: { plugins: { legend: { display: false } } },
        },
        survey.trend.map((t) => [t.period, t.value === null ? '–' : Math.round(t.value * 10) / 10]),
      ),
    ]);
    card.append(grid);
    if (survey.segments.length > 0) {
      card.append(
        table(
          'By segment',
          survey.segments.map((s) => [
            s.segment,
            `${s.value === null ? '–' : Math.round(s.value)} (${s.count})`,
          ]),
        ),
      );
    }
    if (survey.comments.length > 0) {
      card.append(element('h3', { textContent: 'Latest comments' }));
      card.append(
        element(
          'ul',
          { className: 'comments' },
          survey.comments.map((c) =>
            element('li', { textContent: `${c.score} (${c.category}): ${c.comment}` }),
          ),
        ),
      );
    }
    root.append(card);
  }
}

async function refresh() {
  const form = new FormData(document.getElementById('filters'));
  const query = new URLSearchParams();
  for (const [key, value] of form) if (value) query.set(key, String(value));
  document.getElementById('export').href = `collect/export.csv?${query}`;
  try {
    const reply = await fetch(`collect/results?${query}`);
    render(await reply.json());
    document.getElementById('status').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    document.getElementById('status').textContent = `Could not load results: ${error}`;
  }
}

document.getElementById('filters').addEventListener('change', refresh);
refresh();
// New answers appear within seconds.
setInterval(refresh, 3000);
