// Runs under `script-src 'self'`: the command queue lives in this file, not inline.
window.surveylet =
  window.surveylet ||
  function surveylet(...args) {
    surveylet.q = surveylet.q || [];
    surveylet.q.push(args);
  };
surveylet('init', {
  endpoint: '/collect',
  brand: 'Acme',
  minDaysBetweenSurveys: 0,
  surveys: [
    { id: 'demo-csp', type: 'csat', style: 'stars', recontactDays: 0, dismissCooldownDays: 0 },
  ],
});
