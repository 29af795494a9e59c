import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { defineSurveyElement } from '../../src/element.js';
import { type surveyAttributes, surveyFromAttributes } from '../../src/embed/SurveyElement.js';
import type { SurveyElementAttributes } from '../../src/embed/surveyElementTypes.js';
import { inWidget } from '../helpers.js';

let posted: { responses: { score: number; surveyId: string }[] }[];
beforeAll(() => defineSurveyElement());
beforeEach(() => {
  posted = [];
  vi.spyOn(window, 'fetch').mockImplementation(async (_url, init) => {
    posted.push(JSON.parse(String(init?.body)));
    return new Response(null, { status: 204 });
  });
});
afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

function element(html: string): HTMLElement {
  document.body.insertAdjacentHTML('beforeend', html);
  return document.body.lastElementChild as HTMLElement;
}

describe('<surveylet-survey>', () => {
  it('renders inline in its own shadow root, from attributes, and posts the answer', async () => {
    const survey = element(
      '<surveylet-survey survey="csat" survey-id="help-center" question="Did this article help?" endpoint="https://c.example/r"></surveylet-survey>',
    );
    expect(survey.hasAttribute('data-surveylet')).toBe(true);
    const card = inWidget(survey);
    expect(card.getByText('Did this article help?')).toBeTruthy();
    expect(survey.shadowRoot?.querySelector('.card')?.classList.contains('inline')).toBe(true);
    fireEvent.click(card.getByRole('radio', { name: '4' }));
    await waitFor(() =>
      expect(posted[0]?.responses[0]).toMatchObject({ surveyId: 'help-center', score: 4 }),
    );
  });

  it('dispatches surveylet:answered as a bubbling DOM event', async () => {
    const survey = element(
      '<surveylet-survey survey="nps" endpoint="https://c.example/r"></surveylet-survey>',
    );
    const answered = vi.fn();
    document.addEventListener('surveylet:answered', answered);
    fireEvent.click(inWidget(survey).getByRole('radio', { name: '10, Extremely likely' }));
    document.removeEventListener('surveylet:answered', answered);
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(answered).toHaveBeenCalledWith(
      expect.objectContaining({ detail: expect.objectContaining({ score: 10 }) }),
    );
  });

  it('takes a full survey object through the survey property', () => {
    const survey = element(
      '<surveylet-survey endpoint="https://c.example/r"></surveylet-survey>',
    ) as HTMLElement & {
      survey: unknown;
    };
    survey.survey = { id: 'effort', type: 'ces', variant: 'effort', question: 'How hard was it?' };
    expect(inWidget(survey).getByText('How hard was it?')).toBeTruthy();
    expect(inWidget(survey).getAllByRole('radio')).toHaveLength(5);
  });

  it('re-renders when an attribute changes and cleans up when removed', () => {
    const survey = element(
      '<surveylet-survey survey="nps" endpoint="https://c.example/r"></surveylet-survey>',
    );
    survey.setAttribute('locale', 'es');
    expect(
      inWidget(survey).getByText(
        '¿Qué probabilidad hay de que nos recomiendes a un amigo o colega?',
      ),
    ).toBeTruthy();
    survey.remove();
    expect(survey.shadowRoot?.querySelector('.card')).toBeNull();
  });

  it('observes exactly the attributes its JSX typings accept', () => {
    // The framework typings (src/jsx) offer SurveyElementAttributes; one missing from the
    // observed list would be ignored when changed after the first render. The type
    // assertion is checked by `npm run typecheck`.
    expectTypeOf<(typeof surveyAttributes)[number]>().toEqualTypeOf<
      keyof SurveyElementAttributes
    >();
    const defined = customElements.get('surveylet-survey') as unknown as {
      observedAttributes: string[];
    };
    expect([...defined.observedAttributes].sort()).toEqual(
      [
        'brand',
        'color-scheme',
        'endpoint',
        'follow-up',
        'label-high',
        'label-low',
        'locale',
        'question',
        'survey',
        'survey-id',
        'survey-style',
        'thank-you',
        'variant',
      ].sort(),
    );
  });

  it('keeps its thank-you in the page instead of closing itself', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const survey = element(
      '<surveylet-survey survey="nps" follow-up="false" endpoint="https://c.example/r"></surveylet-survey>',
    );
    fireEvent.click(inWidget(survey).getByRole('radio', { name: '8' }));
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    vi.advanceTimersByTime(60_000);
    vi.useRealTimers();
    expect(
      inWidget(survey).getByText('Thank you for your feedback!', { selector: 'p' }),
    ).toBeTruthy();
  });
});

describe('surveyFromAttributes', () => {
  it('maps attributes to survey fields', () => {
    const el = document.createElement('div');
    el.setAttribute('survey', 'csat');
    el.setAttribute('survey-style', 'stars');
    el.setAttribute('label-low', 'Bad');
    el.setAttribute('label-high', 'Great');
    el.setAttribute('follow-up', 'false');
    el.setAttribute('thank-you', 'Merci');
    expect(surveyFromAttributes(el)).toEqual({
      id: 'csat',
      type: 'csat',
      style: 'stars',
      labels: { low: 'Bad', high: 'Great' },
      followUp: false,
      thankYou: 'Merci',
    });
  });
});
