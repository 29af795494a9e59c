// The snippet of product.md §1.2, with the survey taken from the page's URL so one
// page shows every type, position and language.
window.surveylet =
  window.surveylet ||
  function surveylet(...args) {
    surveylet.q = surveylet.q || [];
    surveylet.q.push(args);
  };

const params = new URLSearchParams(location.search);
const survey = { id: `demo-${params.get('type') ?? 'nps'}`, type: params.get('type') ?? 'nps' };
for (const key of ['style', 'variant', 'position']) {
  if (params.get(key)) survey[key] = params.get(key);
}
surveylet('init', {
  endpoint: '/collect',
  brand: 'Acme',
  surveys: [survey],
  locale: params.get('locale') ?? undefined,
  colorScheme: params.get('scheme') ?? 'auto',
});

async function showReceived() {
  const log = await (await fetch('/collect')).json();
  const out = document.getElementById('received');
  if (out) out.textContent = log.length ? JSON.stringify(log[0].batch, null, 2) : 'Nothing yet.';
}
surveylet('on', 'delivered', showReceived);

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('title').textContent =
    `${survey.type.toUpperCase()} ${survey.style ?? survey.variant ?? ''} — ${survey.position ?? 'bottom-right'}`;
  document.getElementById('again').addEventListener('click', () => surveylet('show', survey.id));
  showReceived();
});
