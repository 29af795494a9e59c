// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { describe, expect, it } from 'vitest';
import { normalizeSurvey } from '../../src/survey/normalize.js';

describe('normalizeSurvey', () => {
  it('fills every default a survey leaves out', () => {
    expect(normalizeSurvey({ id: 'n', type: 'nps' })).toEqual({
      id: 'n',
      type: 'nps',
      variant: null,
      style: 'numbers',
      followUp: { required: false, maxLength: 1000 },
      position: 'bottom-right',
    });
    expect(normalizeSurvey({ id: 'c', type: 'ces' }).variant).toBe('agreement');
  });

  it('keeps what the survey sets', () => {
    const survey = normalizeSurvey({
      id: 'c',
      type: 'csat',
      style: 'stars',
      position: 'top-left',
      followUp: { question: 'Why?', required: true, maxLength: 200 },
    });
    expect([survey.style, survey.position, survey.followUp]).toEqual([
      'stars',
      'top-left',
      { question: 'Why?', required: true, maxLength: 200 },
    ]);
    expect(normalizeSurvey({ id: 'e', type: 'ces', variant: 'effort' }).variant).toBe('effort');
  });

  it('has no follow-up when the config turns it off', () => {
    expect(normalizeSurvey({ id: 'n', type: 'nps', followUp: false }).followUp).toBeNull();
  });

  it('lets the embedder force a position over the survey’s own', () => {
    const survey = normalizeSurvey({ id: 'n', type: 'nps', position: 'center' }, 'inline');
    expect(survey.position).toBe('inline');
  });
});
