import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SurveyResponse } from '../../src/survey/types.js';
import { createSurveylet, type Surveylet } from '../../src/widget/surveylet.js';
import { fakeEndpoint, inWidget, startWidget, widgetRoot } from '../helpers.js';

let widget: Surveylet | undefined;
let warn: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  document.documentElement.lang = 'en';
});

afterEach(() => {
  widget?.destroy();
  widget = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

async function start(...args: Parameters<typeof startWidget>) {
  const started = await startWidget(...args);
  widget = started.widget;
  return started;
}

function radio(name: string | RegExp) {
  return inWidget().getByRole('radio', { name });
}

describe('NPS survey', () => {
  it('posts the score at once, asks the promoter follow-up, then posts the comment as revision 2', async () => {
    const { endpoint } = await start({ surveys: [{ id: 'nps', type: 'nps' }], brand: 'Acme' });
    const card = inWidget();
    expect(
      card.getByText('How likely are you to recommend Acme to a friend or colleague?'),
    ).toBeTruthy();
    expect(card.getAllByRole('radio')).toHaveLength(11);

    fireEvent.click(radio('9'));
    await waitFor(() => expect(endpoint.responses()).toHaveLength(1));
    const [first] = endpoint.responses() as [SurveyResponse];
    expect(first).toMatchObject({
      surveyId: 'nps',
      revision: 1,
      score: 9,
      category: 'promoter',
      complete: false,
    });

    const box = card.getByRole('textbox', { name: 'What do you like most?' });
    expect(widgetRoot().activeElement).toBe(box);
    fireEvent.input(box, { target: { value: 'Fast delivery' } });
    fireEvent.click(card.getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(endpoint.responses()).toHaveLength(2));
    expect(endpoint.responses()[1]).toMatchObject({
      id: first.id,
      revision: 2,
      comment: 'Fast delivery',
      complete: true,
    });
    expect(card.getByText('Thank you for your feedback!', { selector: 'p' })).toBeTruthy();
  });

  it('asks detractors and passives their own follow-up questions', async () => {
    await start({ surveys: [{ id: 'nps', type: 'nps' }] });
    fireEvent.click(radio('0, Not at all likely'));
    expect(inWidget().getByRole('textbox', { name: 'What could we do better?' })).toBeTruthy();
    widget?.destroy();
    await start({ surveys: [{ id: 'nps', type: 'nps' }] });
    fireEvent.click(radio('7'));
    expect(
      inWidget().getByRole('textbox', { name: 'What would make your experience better?' }),
    ).toBeTruthy();
  });

  it('is answered with the keyboard: arrows move and check, Enter chooses', async () => {
    const { endpoint } = await start({ surveys: [{ id: 'nps', type: 'nps' }] });
    const radios = inWidget().getAllByRole('radio');
    expect(radios.map((r) => r.tabIndex)).toEqual([0, ...Array(10).fill(-1)]);
    radios[0]?.focus();
    for (let i = 0; i < 3; i++)
      fireEvent.keyDown(widgetRoot().activeElement as Element, { key: 'ArrowRight' });
    expect(widgetRoot().activeElement).toBe(radios[3]);
    expect(radios[3]?.getAttribute('aria-checked')).toBe('true');
    expect(radios[3]?.tabIndex).toBe(0);
    expect(endpoint.fetch).not.toHaveBeenCalled();

    fireEvent.keyDown(radios[3] as Element, { key: 'End' });
    expect(widgetRoot().activeElement).toBe(radios[10]);
    fireEvent.keyDown(radios[10] as Element, { key: 'ArrowRight' });
    expect(widgetRoot().activeElement).toBe(radios[0]);
    fireEvent.keyDown(radios[0] as Element, { key: 'ArrowUp' });
    fireEvent.keyDown(radios[10] as Element, { key: 'Home' });
    fireEvent.keyDown(radios[0] as Element, { key: 'ArrowDown' });
    fireEvent.keyDown(radios[1] as Element, { key: 'Enter' });

    await waitFor(() => expect(endpoint.responses()).toHaveLength(1));
    expect(endpoint.responses()[0]?.score).toBe(1);
    expect(inWidget().getByRole('textbox')).toBeTruthy();
  });

  it('chooses with Space as well', async () => {
    const { endpoint } = await start({ surveys: [{ id: 'nps', type: 'nps' }] });
    fireEvent.keyDown(radio('10, Extremely likely'), { key: ' ' });
    await waitFor(() => expect(endpoint.responses()[0]?.score).toBe(10));
  });
});

describe('CSAT survey', () => {
  it('draws stars, lights them up to the checked one, and asks dissatisfied customers what went wrong', async () => {
    const { endpoint } = await start({ surveys: [{ id: 'csat', type: 'csat', style: 'stars' }] });
    const radios = inWidget().getAllByRole('radio');
    expect(radios.map((r) => r.textContent)).toEqual(['★', '★', '★', '★', '★']);
    radios[0]?.focus();
    fireEvent.keyDown(radios[0] as Element, { key: 'ArrowRight' });
    expect(radios.map((r) => r.classList.contains('lit'))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    fireEvent.click(radio('2'));
    await waitFor(() =>
      expect(endpoint.responses()[0]).toMatchObject({ score: 2, category: 'dissatisfied' }),
    );
    expect(inWidget().getByRole('textbox', { name: 'What could we do better?' })).toBeTruthy();
  });

  it('draws five different faces for the emoji style, named by value and end label', async () => {
    await start({ surveys: [{ id: 'csat', type: 'csat', style: 'emoji' }] });
    const radios = inWidget().getAllByRole('radio');
    const mouths = radios.map((r) => r.querySelector('svg.face path')?.getAttribute('d'));
    expect(new Set(mouths).size).toBe(5);
    expect(
      radios.every((r) => r.querySelector('svg')?.getAttribute('aria-hidden') === 'true'),
    ).toBe(true);
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual([
      '1, Very dissatisfied',
      '2',
      '3',
      '4',
      '5, Very satisfied',
    ]);
  });

  it('uses numbers by default', async () => {
    await start({ surveys: [{ id: 'csat', type: 'csat' }] });
    expect(
      inWidget()
        .getAllByRole('radio')
        .map((r) => r.textContent),
    ).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('CES survey', () => {
  it('asks agreement on 1–7 and treats 6 as easy', async () => {
    const { endpoint } = await start({ surveys: [{ id: 'ces', type: 'ces' }], brand: 'Acme' });
    const card = inWidget();
    expect(card.getByText('Acme made it easy for me to handle my issue.')).toBeTruthy();
    expect(card.getAllByRole('radio')).toHaveLength(7);
    expect(radio('1, Strongly disagree')).toBeTruthy();
    fireEvent.click(radio('6'));
    await waitFor(() =>
      expect(endpoint.responses()[0]).toMatchObject({
        variant: 'agreement',
        score: 6,
        category: 'easy',
      }),
    );
    expect(card.getByRole('textbox', { name: 'What do you like most?' })).toBeTruthy();
  });

  it('asks effort on 1–5 and, without a follow-up, thanks at once with a complete response', async () => {
    const { endpoint } = await start({
      surveys: [{ id: 'effort', type: 'ces', variant: 'effort', followUp: false }],
    });
    expect(inWidget().getAllByRole('radio')).toHaveLength(5);
    fireEvent.click(radio('5, Very high effort'));
    await waitFor(() =>
      expect(endpoint.responses()[0]).toMatchObject({
        score: 5,
        category: 'difficult',
        complete: true,
      }),
    );
    expect(inWidget().queryByRole('textbox')).toBeNull();
    expect(inWidget().getByText('Thank you for your feedback!', { selector: 'p' })).toBeTruthy();
  });
});

describe('follow-up step', () => {
  it('does not send an empty required comment and says why', async () => {
    const { endpoint } = await start({
      surveys: [{ id: 'nps', type: 'nps', followUp: { required: true, question: 'Why?' } }],
    });
    fireEvent.click(radio('5'));
    fireEvent.click(inWidget().getByRole('button', { name: 'Send' }));
    expect(inWidget().getByRole('alert').textContent).toBe(
      'Please write an answer before sending.',
    );
    expect(inWidget().getByRole('textbox', { name: 'Why?' }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(endpoint.responses().map((r) => r.revision)).toEqual([1]);
  });

  it('finishes with no comment when the optional box is left empty', async () => {
    const { endpoint } = await start({ surveys: [{ id: 'nps', type: 'nps' }] });
    fireEvent.click(radio('8'));
    fireEvent.click(inWidget().getByRole('button', { name: 'Send' }));
    // Revision 2 replaces revision 1 if that one was still queued: the endpoint keeps the latest.
    await waitFor(() => expect(endpoint.responses().at(-1)?.revision).toBe(2));
    expect(endpoint.responses().at(-1)).toMatchObject({ score: 8, comment: null, complete: true });
  });
});

describe('thank-you and closing', () => {
  it('closes itself a few seconds after the thank-you', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    widget = createSurveylet(
      { endpoint: 'https://c.example/r', surveys: [{ id: 'n', type: 'nps', followUp: false }] },
      { fetch: fakeEndpoint().fetch },
    );
    await vi.advanceTimersByTimeAsync(1);
    fireEvent.click(radio('10, Extremely likely'));
    expect(inWidget().getByText('Thank you for your feedback!', { selector: 'p' })).toBeTruthy();
    vi.advanceTimersByTime(3900);
    expect(document.querySelector('[data-surveylet]')).not.toBeNull();
    vi.advanceTimersByTime(200);
    expect(document.querySelector('[data-surveylet]')).toBeNull();
  });

  it('closes with the close button and reports the dismissal without sending anything', async () => {
    const { endpoint } = await start({ surveys: [{ id: 'nps', type: 'nps' }] });
    const dismissed = vi.fn();
    widget?.on('dismissed', dismissed);
    fireEvent.click(inWidget().getByRole('button', { name: 'Close survey' }));
    expect(document.querySelector('[data-surveylet]')).toBeNull();
    expect(dismissed).toHaveBeenCalledWith(
      expect.objectContaining({ surveyId: 'nps', step: 'score' }),
    );
    expect(endpoint.fetch).not.toHaveBeenCalled();
  });

  it('closes on Esc at the follow-up step, keeping the score already sent', async () => {
    const { endpoint } = await start({ surveys: [{ id: 'nps', type: 'nps' }] });
    const dismissed = vi.fn();
    widget?.on('dismissed', dismissed);
    fireEvent.click(radio('3'));
    fireEvent.keyDown(inWidget().getByRole('textbox'), { key: 'Escape' });
    expect(document.querySelector('[data-surveylet]')).toBeNull();
    expect(dismissed).toHaveBeenCalledWith(expect.objectContaining({ step: 'followUp' }));
    await waitFor(() => expect(endpoint.responses()).toHaveLength(1));
  });
});

describe('focus and announcements', () => {
  it('does not take focus when a corner popover appears, and announces it politely', async () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    await start({ surveys: [{ id: 'nps', type: 'nps', position: 'top-left' }] });
    expect(document.activeElement).toBe(input);
    const region = widgetRoot().querySelector('[aria-live="polite"]');
    await waitFor(() =>
      expect(region?.textContent).toBe(
        'Feedback survey: How likely are you to recommend us to a friend or colleague?',
      ),
    );
    expect(widgetRoot().querySelector('section')?.getAttribute('aria-label')).toBe(
      'Feedback survey',
    );
  });

  it('shows center as a modal dialog and gives focus back when it closes', async () => {
    const opener = document.createElement('button');
    document.body.append(opener);
    opener.focus();
    await start({ surveys: [{ id: 'nps', type: 'nps', position: 'center' }] });
    const dialog = inWidget().getByRole('dialog', { name: 'Feedback survey' });
    expect(dialog.tagName).toBe('DIALOG');
    const close = inWidget().getByRole('button', { name: 'Close survey' });
    close.focus();
    fireEvent.click(close);
    expect(document.activeElement).toBe(opener);
  });

  it('traps Tab inside the modal', async () => {
    await start({ surveys: [{ id: 'nps', type: 'nps', position: 'center' }] });
    const close = inWidget().getByRole('button', { name: 'Close survey' });
    const first = inWidget().getAllByRole('radio')[0] as HTMLElement;
    first.focus();
    fireEvent.keyDown(first, { key: 'Tab' });
    expect(widgetRoot().activeElement).toBe(close);
    fireEvent.keyDown(close, { key: 'Tab', shiftKey: true });
    expect(widgetRoot().activeElement).toBe(first);
  });
});

describe('languages', () => {
  it('speaks Arabic right to left, where ArrowLeft goes up the scale', async () => {
    await start({ surveys: [{ id: 'nps', type: 'nps' }], locale: 'ar' });
    const card = widgetRoot().querySelector('section');
    expect(card?.getAttribute('dir')).toBe('rtl');
    expect(card?.getAttribute('lang')).toBe('ar');
    expect(inWidget().getByText('ما مدى احتمال أن توصي بنا لصديق أو زميل؟')).toBeTruthy();
    const radios = inWidget().getAllByRole('radio');
    radios[0]?.focus();
    fireEvent.keyDown(radios[0] as Element, { key: 'ArrowLeft' });
    expect(widgetRoot().activeElement).toBe(radios[1]);
    fireEvent.keyDown(radios[1] as Element, { key: 'ArrowRight' });
    expect(widgetRoot().activeElement).toBe(radios[0]);
  });

  it('follows <html lang> when the config names no locale, and sends the tag with the response', async () => {
    document.documentElement.lang = 'de-CH';
    const { endpoint } = await start({ surveys: [{ id: 'csat', type: 'csat' }] });
    expect(inWidget().getByText('Wie zufrieden sind Sie heute mit Ihrer Erfahrung?')).toBeTruthy();
    fireEvent.click(radio('5, Sehr zufrieden'));
    await waitFor(() => expect(endpoint.responses()[0]?.locale).toBe('de-CH'));
  });

  it('lets the host override any string', async () => {
    await start({
      surveys: [{ id: 'nps', type: 'nps' }],
      strings: { close: 'Dismiss', npsLow: 'Never' },
    });
    expect(inWidget().getByRole('button', { name: 'Dismiss' })).toBeTruthy();
    expect(radio('0, Never')).toBeTruthy();
  });
});

describe('rendering', () => {
  it('renders survey text as text, never as HTML', async () => {
    await start({
      surveys: [{ id: 'nps', type: 'nps', question: '<img src=x onerror="alert(1)">Hi' }],
    });
    expect(widgetRoot().querySelector('img')).toBeNull();
    expect(inWidget().getByText('<img src=x onerror="alert(1)">Hi')).toBeTruthy();
  });

  it('puts the card in an open shadow root with the documented parts', async () => {
    await start({ surveys: [{ id: 'nps', type: 'nps' }] });
    const parts = [...widgetRoot().querySelectorAll('[part]')].map((el) => el.getAttribute('part'));
    expect(new Set(parts)).toEqual(new Set(['card', 'close', 'question', 'scale', 'option']));
    fireEvent.click(radio('4'));
    const after = [...widgetRoot().querySelectorAll('[part]')].map((el) => el.getAttribute('part'));
    expect(after).toEqual(expect.arrayContaining(['comment', 'submit']));
  });

  it('sets theme properties and the colour scheme on the host element', async () => {
    await start({
      surveys: [{ id: 'nps', type: 'nps' }],
      theme: { accent: '#ff0066', radius: '0px' },
      colorScheme: 'dark',
      zIndex: 50,
    });
    const host = document.querySelector('[data-surveylet]') as HTMLElement;
    expect(host.style.getPropertyValue('--surveylet-accent')).toBe('#ff0066');
    expect(host.style.getPropertyValue('--surveylet-radius')).toBe('0px');
    expect(host.style.getPropertyValue('--surveylet-z')).toBe('50');
    expect(host.getAttribute('data-scheme')).toBe('dark');
  });

  it('styles the shadow root with a constructable stylesheet, not a <style> element', async () => {
    await start({ surveys: [{ id: 'nps', type: 'nps' }] });
    expect(widgetRoot().adoptedStyleSheets).toHaveLength(1);
    expect(widgetRoot().querySelector('style')).toBeNull();
  });
});

describe('createSurveylet', () => {
  it('waits for consent before showing anything', async () => {
    const endpoint = fakeEndpoint();
    widget = createSurveylet(
      {
        endpoint: 'https://c.example/r',
        requireConsent: true,
        surveys: [{ id: 'n', type: 'nps' }],
      },
      { fetch: endpoint.fetch },
    );
    widget.show('n');
    await new Promise((r) => setTimeout(r, 20));
    expect(document.querySelector('[data-surveylet]')).toBeNull();
    widget.consent(true);
    await waitFor(() => widgetRoot());
    widget.consent(false);
    expect(document.querySelector('[data-surveylet]')).toBeNull();
  });

  it('shows a survey after its delay, and never once destroyed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const surveys = [{ id: 'n', type: 'nps' as const, trigger: { delayMs: 5000 } }];
    widget = createSurveylet(
      { endpoint: 'https://c.example/r', surveys },
      { fetch: fakeEndpoint().fetch },
    );
    await vi.advanceTimersByTimeAsync(4999);
    expect(document.querySelector('[data-surveylet]')).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(document.querySelector('[data-surveylet]')).not.toBeNull();
    widget.destroy();
    widget = createSurveylet(
      { endpoint: 'https://c.example/r', surveys },
      { fetch: fakeEndpoint().fetch },
    );
    widget.destroy();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(document.querySelector('[data-surveylet]')).toBeNull();
  });

  it('shows a survey when the host tracks its event', async () => {
    widget = createSurveylet(
      {
        endpoint: 'https://c.example/r',
        surveys: [{ id: 'n', type: 'nps', trigger: { event: 'paid' } }],
      },
      { fetch: fakeEndpoint().fetch },
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(document.querySelector('[data-surveylet]')).toBeNull();
    widget.track('paid');
    await waitFor(() => expect(widgetRoot()).toBeTruthy());
  });

  it('attaches the identified user to responses until reset', async () => {
    const { endpoint } = await start({ surveys: [{ id: 'n', type: 'nps', followUp: false }] });
    widget?.identify('user-42', { plan: 'pro' });
    fireEvent.click(radio('9'));
    await waitFor(() => expect(endpoint.responses()).toHaveLength(1));
    const [first] = endpoint.responses();
    expect(first?.user).toEqual({ id: 'user-42', traits: { plan: 'pro' } });
    widget?.reset();
    widget?.show('n');
    fireEvent.click(radio('9'));
    await waitFor(() => expect(endpoint.responses()).toHaveLength(2));
    expect(endpoint.responses()[1]?.user).toBeNull();
    expect(endpoint.responses()[1]?.visitorId).not.toBe(first?.visitorId);
  });

  it('emits shown, answered, queued, delivered and submitted in order', async () => {
    const events: string[] = [];
    const endpoint = fakeEndpoint();
    widget = createSurveylet(
      { endpoint: 'https://c.example/r', surveys: [{ id: 'n', type: 'nps' }] },
      { fetch: endpoint.fetch },
    );
    for (const name of ['shown', 'answered', 'queued', 'delivered', 'submitted'] as const) {
      widget.on(name, () => events.push(name));
    }
    await waitFor(() => widgetRoot());
    fireEvent.click(radio('9'));
    await waitFor(() => expect(events).toContain('delivered'));
    fireEvent.click(inWidget().getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(events.filter((e) => e === 'delivered')).toHaveLength(2));
    expect(events).toEqual([
      'shown',
      'answered',
      'queued',
      'delivered',
      'submitted',
      'queued',
      'delivered',
    ]);
  });

  it('keeps working when an event handler throws, and reports the error', async () => {
    const { endpoint } = await start({ surveys: [{ id: 'n', type: 'nps' }] });
    const onError = vi.fn();
    widget?.on('answered', () => {
      throw new Error('host handler bug');
    });
    widget?.on('error', onError);
    fireEvent.click(radio('9'));
    expect(onError).toHaveBeenCalledWith(new Error('host handler bug'));
    expect(inWidget().getByRole('textbox')).toBeTruthy();
    await waitFor(() => expect(endpoint.responses()).toHaveLength(1));
  });

  it('warns once per config problem, keeps the valid survey, and never throws', async () => {
    const { widget: started } = await start({
      surveys: [
        { id: 'ok', type: 'nps' },
        { id: 'bad', type: 'npss' as 'nps' },
      ],
    });
    expect(warn).toHaveBeenCalledWith(
      'surveylet: surveys[1].type must be "nps", "csat" or "ces" (got "npss")',
    );
    expect(started.problems).toHaveLength(1);
    expect(() => started.show('bad')).not.toThrow();
    expect(warn).toHaveBeenCalledWith('surveylet: show("bad") names no survey; known: "ok"');
  });

  it('refuses to show anything without a valid endpoint', async () => {
    widget = createSurveylet({
      endpoint: 'http://collect.example.com',
      surveys: [{ id: 'n', type: 'nps' }],
    });
    widget.show('n');
    expect(document.querySelector('[data-surveylet]')).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('surveylet: endpoint must be'));
  });

  it('removes every node it added on destroy, and ignores calls afterwards', async () => {
    await start({ surveys: [{ id: 'n', type: 'nps' }] });
    widget?.destroy();
    expect(document.body.children).toHaveLength(0);
    expect(() => widget?.show('n')).not.toThrow();
    expect(document.body.children).toHaveLength(0);
  });

  it('renders an inline survey into the given container', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    widget = createSurveylet(
      { endpoint: 'https://c.example/r', surveys: [{ id: 'n', type: 'csat', position: 'inline' }] },
      { fetch: fakeEndpoint().fetch },
    );
    widget.show('n');
    expect(warn).toHaveBeenCalledWith(
      'surveylet: show("n") needs { container: element } because the survey is inline',
    );
    widget.show('n', { container });
    expect(container.hasAttribute('data-surveylet')).toBe(true);
    expect(inWidget(container).getAllByRole('radio')).toHaveLength(5);
  });
});

describe('delivery through createSurveylet', () => {
  it('reports a response the endpoint refuses as failed, with the reason, and counts it in status()', async () => {
    const refusing = fakeEndpoint(422);
    widget = createSurveylet(
      { endpoint: 'https://c.example/r', surveys: [{ id: 'n', type: 'nps', followUp: false }] },
      { fetch: refusing.fetch },
    );
    const failed = vi.fn();
    widget.on('failed', failed);
    await waitFor(() => widgetRoot());
    fireEvent.click(radio('6'));
    await waitFor(() => expect(failed).toHaveBeenCalledTimes(1));
    expect(failed).toHaveBeenCalledWith({
      response: expect.objectContaining({ score: 6 }),
      reason: 'rejected',
    });
    expect(await widget.status()).toMatchObject({ persistence: 'memory', pending: 0, dead: 1 });
  });

  it('says once, in the console, that the endpoint refuses answers (404)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const missing = fakeEndpoint(404);
    widget = createSurveylet(
      { endpoint: 'https://c.example/wrong', surveys: [{ id: 'n', type: 'nps', followUp: false }] },
      { fetch: missing.fetch },
    );
    await waitFor(() => widgetRoot());
    fireEvent.click(radio('9'));
    await waitFor(async () => expect((await widget?.status())?.dead).toBe(1));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      'surveylet: 1 answer(s) refused (HTTP 404: no such address) are kept unsent. Fix endpoint https://c.example/wrong, then call flush({ retryDead: true })',
    );
    warn.mockRestore();
  });

  it('keeps an answer the endpoint could not take as pending, and flush() sends it again at once', async () => {
    let status = 503;
    const fetch = vi.fn(async () => new Response(null, { status }));
    widget = createSurveylet(
      { endpoint: 'https://c.example/r', surveys: [{ id: 'n', type: 'csat', followUp: false }] },
      { fetch },
    );
    await waitFor(() => widgetRoot());
    fireEvent.click(radio('4'));
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    await waitFor(async () => expect((await widget?.status())?.pending).toBe(1));
    status = 204;
    await widget.flush();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(await widget.status()).toMatchObject({ pending: 0, oldestPendingAgeMs: null });
  });

  it('never writes to console.error, even when delivery fails and handlers throw', async () => {
    const consoleError = vi.spyOn(console, 'error');
    const fetch = vi.fn(() => {
      throw new TypeError('patched fetch broke');
    });
    widget = createSurveylet(
      { endpoint: 'https://c.example/r', surveys: [{ id: 'n', type: 'nps' }] },
      { fetch },
    );
    widget.on('error', () => {
      throw new Error('handler bug');
    });
    await waitFor(() => widgetRoot());
    fireEvent.click(radio('2'));
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('adds no unload or beforeunload listener to the page', async () => {
    const added = vi.spyOn(window, 'addEventListener');
    await start({ surveys: [{ id: 'n', type: 'nps' }] });
    const types = added.mock.calls.map(([type]) => type);
    expect(types).toEqual(expect.arrayContaining(['pagehide', 'online']));
    expect(types).not.toContain('unload');
    expect(types).not.toContain('beforeunload');
  });
});
