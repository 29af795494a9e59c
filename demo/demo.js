// The snippet of product.md §1.2, with the survey taken from the page's URL so one
// page shows every type, position and language.
window.surveylet =
  window.surveylet ||
  function surveylet(...args) {
    surveylet.q = surveylet.q || [];
    surveylet.q.push(args);
  };

const params = new URLSearchParams(location.search);
// The demo asks on every visit: frequency rules off (real sites keep the defaults).
const survey = {
  id: `demo-${params.get('type') ?? 'nps'}`,
  type: params.get('type') ?? 'nps',
  recontactDays: 0,
  dismissCooldownDays: 0,
};
for (const key of ['style', 'variant', 'position']) {
  if (params.get(key)) survey[key] = params.get(key);
}
surveylet('init', {
  endpoint: '/collect',
  brand: 'Acme',
  minDaysBetweenSurveys: 0,
  surveys: [survey],
  locale: params.get('locale') ?? undefined,
  colorScheme: params.get('scheme') ?? 'auto',
});

function show(text) {
  const out = document.getElementById('received');
  if (out) out.textContent = text;
}
surveylet('on', 'queued', (response) =>
  show(`Queued in IndexedDB:\n${JSON.stringify(response, null, 2)}`),
);
surveylet('on', 'delivered', (response) =>
  show(`Stored by the collector (see the results page):\n${JSON.stringify(response, null, 2)}`),
);

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('title').textContent =
    `${survey.type.toUpperCase()} ${survey.style ?? survey.variant ?? ''} — ${survey.position ?? 'bottom-right'}`;
  document.getElementById('again').addEventListener('click', () => surveylet('show', survey.id));
});
