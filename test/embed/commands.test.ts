// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCommandRunner } from '../../src/embed/commands.js';
import type { Surveylet } from '../../src/widget/surveylet.js';

function fakeWidget() {
  const calls: [string, unknown[]][] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, args]);
    };
  const widget = {
    show: record('show'),
    hide: record('hide'),
    track: record('track'),
    identify: record('identify'),
    reset: record('reset'),
    consent: record('consent'),
    flush: record('flush'),
    status: record('status'),
    explain: record('explain'),
    on: record('on'),
    off: record('off'),
    destroy: record('destroy'),
    problems: [],
  } as unknown as Surveylet;
  return { widget, calls };
}

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe('createCommandRunner', () => {
  it('creates the widget on init and passes every verb through', () => {
    const { widget, calls } = fakeWidget();
    const create = vi.fn(() => widget);
    const run = createCommandRunner(create);
    const handler = () => {};
    run('init', { endpoint: '/r' });
    run('show', 'nps');
    run('track', 'paid', { total: 3 });
    run('identify', 'u1', { plan: 'pro' });
    run('consent', true);
    run('on', 'submitted', handler);
    run('off', 'submitted', handler);
    run('hide');
    run('reset');
    run('flush');
    run('flush', { retryDead: true });
    expect(create).toHaveBeenCalledWith({ endpoint: '/r' });
    expect(calls).toEqual([
      ['show', ['nps']],
      ['track', ['paid', { total: 3 }]],
      ['identify', ['u1', { plan: 'pro' }]],
      ['consent', [true]],
      ['on', ['submitted', handler]],
      ['off', ['submitted', handler]],
      ['hide', []],
      ['reset', []],
      ['flush', []],
      ['flush', [{ retryDead: true }]],
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('holds commands given before init and runs them after it, in order', () => {
    const { widget, calls } = fakeWidget();
    const run = createCommandRunner(() => widget);
    run('identify', 'u1');
    run('show', 'nps');
    expect(calls).toEqual([]);
    run('init', {});
    expect(calls).toEqual([
      ['identify', ['u1']],
      ['show', ['nps']],
    ]);
  });

  it('warns about an unknown verb, naming it and the verbs there are', () => {
    const run = createCommandRunner(() => fakeWidget().widget);
    expect(() => run('shwo', 'nps')).not.toThrow();
    expect(warn).toHaveBeenCalledWith(
      'surveylet: unknown command "shwo"; use one of init, show, hide, track, identify, reset, consent, forget, flush, status, explain, on, off, destroy',
    );
  });

  it.each([
    [
      ['init', 'https://c.example'],
      'surveylet: init expects a config object like { endpoint, surveys } as argument 1 (got "https://c.example")',
    ],
    [['show'], 'surveylet: show expects a survey id as argument 1 (got undefined)'],
    [
      ['track', 'paid', 'big'],
      'surveylet: track expects an optional object of properties as argument 2 (got "big")',
    ],
    [['identify', 42], 'surveylet: identify expects a user id as argument 1 (got 42)'],
    [['consent', 'yes'], 'surveylet: consent expects true or false as argument 1 (got "yes")'],
    [['on', 'submitted'], 'surveylet: on expects a handler function as argument 2 (got undefined)'],
  ])('warns about bad arguments %j without calling the widget', (command, message) => {
    const { widget, calls } = fakeWidget();
    const run = createCommandRunner(() => widget);
    if (command[0] !== 'init') run('init', {});
    run(...(command as [string, ...unknown[]]));
    expect(warn).toHaveBeenCalledWith(message);
    expect(calls).toEqual([]);
  });

  it('warns on a second init and allows a new one after destroy', () => {
    const create = vi.fn(() => fakeWidget().widget);
    const run = createCommandRunner(create);
    run('init', {});
    run('init', {});
    expect(warn).toHaveBeenCalledWith(
      'surveylet: init was called twice; call surveylet("destroy") before a new init',
    );
    run('destroy');
    run('init', {});
    expect(create).toHaveBeenCalledTimes(2);
  });

  it('never throws into the page, even when the widget does', () => {
    const run = createCommandRunner(() => {
      throw new Error('boom');
    });
    expect(() => run('init', {})).not.toThrow();
  });
});
