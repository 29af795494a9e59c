import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveLocale } from '../../src/survey/languages.js';
import { locales } from '../../src/survey/locales.js';
import { normalizeSurvey } from '../../src/survey/normalize.js';
import type { Position, SurveyDefinition } from '../../src/survey/types.js';
import { wordingOf } from '../../src/survey/wording.js';
import { Card } from '../../src/ui/Card.js';
import { createFlow } from '../../src/ui/flow.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** A card for one survey, on its own: no widget, no outbox, the flow's hooks recorded. */
function card(definition: SurveyDefinition, position?: Position, lang = 'en') {
  const survey = normalizeSurvey(definition, position);
  const locale = resolveLocale([lang]);
  const strings = locales[locale.locale];
  const hooks = { answered: vi.fn(), submitted: vi.fn(), closed: vi.fn() };
  const flow = createFlow(
    survey,
    wordingOf(survey, strings, undefined),
    () => ({
      id: 'r1',
      now: 0,
      locale: locale.tag,
      page: { url: '', referrer: '' },
      visitorId: 'v1',
      user: null,
    }),
    hooks,
  );
  render(<Card flow={flow} strings={strings} locale={locale} thanksMs={3000} />);
  return { flow, hooks };
}

const send = () => fireEvent.click(screen.getByRole('button', { name: 'Send' }));
const type = (text: string) =>
  fireEvent.input(screen.getByRole('textbox'), { target: { value: text } });

describe('Card: the score step', () => {
  it('is a region named as a survey, with a named close button and the question naming the scale', () => {
    card({ id: 'csat', type: 'csat' });
    const region = screen.getByRole('region', { name: 'Feedback survey' });
    expect(region.contains(screen.getByRole('button', { name: 'Close survey' }))).toBe(true);
    const group = screen.getByRole('radiogroup', {
      name: 'How satisfied are you with your experience today?',
    });
    expect(group.querySelectorAll('[role="radio"]')).toHaveLength(5);
  });

  it('takes the reading direction and language of the survey’s locale', () => {
    card({ id: 'nps', type: 'nps' }, 'bottom-right', 'ar');
    const region = screen.getByRole('region');
    expect(region.getAttribute('dir')).toBe('rtl');
    expect(region.getAttribute('lang')).toBe('ar');
  });
});

describe('Card: the follow-up step', () => {
  it('follows a chosen score with a box named by the category’s question, focused to type into', () => {
    card({ id: 'nps', type: 'nps' });
    fireEvent.click(screen.getByRole('radio', { name: '2' }));
    const box = screen.getByRole('textbox', { name: 'What could we do better?' });
    expect(document.activeElement).toBe(box);
    expect(screen.queryByRole('radiogroup')).toBeNull();
  });

  it('will not send an empty required comment: it says why, and sends once written', () => {
    const { hooks } = card({ id: 'nps', type: 'nps', followUp: { required: true } });
    fireEvent.click(screen.getByRole('radio', { name: '9' }));
    expect(screen.getByRole('textbox').getAttribute('aria-required')).toBe('true');
    type('   ');
    send();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('Please write an answer before sending.');
    const box = screen.getByRole('textbox');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(box.getAttribute('aria-describedby')).toBe(alert.id);
    expect(hooks.submitted).not.toHaveBeenCalled();

    type('Great prices');
    expect(screen.queryByRole('alert')).toBeNull();
    send();
    expect(hooks.submitted.mock.calls[0]?.[0]).toMatchObject({ comment: 'Great prices' });
    expect(screen.getByText('Thank you for your feedback!', { selector: 'p' })).toBeTruthy();
  });

  it('lets an optional comment be left empty: it finishes with no comment', () => {
    const { hooks } = card({ id: 'nps', type: 'nps' });
    fireEvent.click(screen.getByRole('radio', { name: '7' }));
    expect(screen.getByRole('textbox').getAttribute('aria-required')).toBe('false');
    send();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(hooks.submitted.mock.calls[0]?.[0]).toMatchObject({ score: 7, comment: null });
    expect(screen.getByText('Thank you for your feedback!', { selector: 'p' })).toBeTruthy();
  });

  it('skips the box and thanks at once when the survey has no follow-up', () => {
    card({ id: 'ces', type: 'ces', followUp: false });
    fireEvent.click(screen.getByRole('radio', { name: /^6/ }));
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(document.activeElement?.textContent).toBe('Thank you for your feedback!');
  });
});

describe('Card: closing', () => {
  it('closes a corner card by itself a while after the thank-you', () => {
    vi.useFakeTimers();
    const { hooks } = card({ id: 'ces', type: 'ces', followUp: false });
    fireEvent.click(screen.getByRole('radio', { name: /^6/ }));
    vi.advanceTimersByTime(2900);
    expect(hooks.closed).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(hooks.closed.mock.calls).toEqual([['thanks']]);
  });

  it('keeps an inline card’s thank-you on the page: it moves nothing the reader did not ask for', () => {
    vi.useFakeTimers();
    const { hooks } = card({ id: 'ces', type: 'ces', followUp: false }, 'inline');
    fireEvent.click(screen.getByRole('radio', { name: /^6/ }));
    vi.advanceTimersByTime(60_000);
    expect(hooks.closed).not.toHaveBeenCalled();
    expect(screen.getByText('Thank you for your feedback!', { selector: 'p' })).toBeTruthy();
  });

  it('closes with the close button, and with Escape from inside, saying at which step', () => {
    const first = card({ id: 'nps', type: 'nps' });
    fireEvent.click(screen.getByRole('button', { name: 'Close survey' }));
    expect(first.hooks.closed.mock.calls).toEqual([['score']]);
    cleanup();

    const second = card({ id: 'nps', type: 'nps' });
    fireEvent.click(screen.getByRole('radio', { name: '8' }));
    fireEvent.keyDown(screen.getByRole('textbox'), { key: 'Escape' });
    expect(second.hooks.closed.mock.calls).toEqual([['followUp']]);
    expect(second.hooks.answered).toHaveBeenCalledTimes(1);
  });

  it('announces a corner card politely once it is in place, and an inline one not at all', () => {
    vi.useFakeTimers();
    card({ id: 'csat', type: 'csat' });
    const live = () => document.querySelector('[aria-live="polite"]')?.textContent;
    expect(live()).toBe('');
    // In act(), so the render the timer asks for happens before the assertion.
    act(() => {
      vi.advanceTimersByTime(200);
    });
    expect(live()).toBe('Feedback survey: How satisfied are you with your experience today?');
    cleanup();
    card({ id: 'csat', type: 'csat' }, 'inline');
    act(() => {
      vi.advanceTimersByTime(200);
    });
    expect(live()).toBe('');
  });

  it('announces the thank-you in the live region, corner or inline', () => {
    const live = () => document.querySelector('[aria-live="polite"]')?.textContent;
    for (const position of ['bottom-right', 'inline'] as const) {
      card({ id: 'ces', type: 'ces', followUp: false }, position);
      fireEvent.click(screen.getByRole('radio', { name: /^6/ }));
      expect(live()).toBe('Thank you for your feedback!');
      cleanup();
    }
  });
});
