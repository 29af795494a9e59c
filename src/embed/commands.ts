import { describeValue } from '../survey/messages.js';
import type { SurveyletConfig } from '../survey/types.js';
import type { Surveylet } from '../widget/surveylet.js';

/** The verbs of `window.surveylet(...)`. */
export const verbs = [
  'init',
  'show',
  'hide',
  'track',
  'identify',
  'reset',
  'consent',
  'forget',
  'flush',
  'status',
  'explain',
  'on',
  'off',
  'destroy',
] as const;

type Verb = (typeof verbs)[number];

// What each verb's arguments must be, as [check, description] per position.
const isString = (v: unknown) => typeof v === 'string' && v !== '';
const isObjectOrNone = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null);
const signatures: Partial<Record<Verb, [(v: unknown) => boolean, string][]>> = {
  init: [
    [(v) => typeof v === 'object' && v !== null, 'a config object like { endpoint, surveys }'],
  ],
  show: [[isString, 'a survey id']],
  explain: [[isString, 'a survey id']],
  track: [
    [isString, 'an event name'],
    [isObjectOrNone, 'an optional object of properties'],
  ],
  identify: [
    [isString, 'a user id'],
    [isObjectOrNone, 'an optional object of traits'],
  ],
  consent: [[(v) => typeof v === 'boolean', 'true or false']],
  on: [
    [isString, 'an event name'],
    [(v) => typeof v === 'function', 'a handler function'],
  ],
  off: [
    [isString, 'an event name'],
    [(v) => typeof v === 'function', 'a handler function'],
  ],
};

/** Runs one command of the queue; never throws. */
export type CommandRunner = (verb: unknown, ...args: unknown[]) => unknown;

/**
 * Creates the function behind `window.surveylet`. Commands given before `init`
 * are held and run right after it, in order; a bad verb or argument gets one
 * console warning naming the verb and what was expected.
 */
export function createCommandRunner(create: (config: SurveyletConfig) => Surveylet): CommandRunner {
  let widget: Surveylet | null = null;
  const held: [Verb, unknown[]][] = [];

  const run = (verb: Verb, args: unknown[]): unknown => {
    if (verb === 'init') {
      if (widget) {
        console.warn(
          'surveylet: init was called twice; call surveylet("destroy") before a new init',
        );
        return;
      }
      widget = create(args[0] as never);
      for (const [heldVerb, heldArgs] of held.splice(0)) run(heldVerb, heldArgs);
      return;
    }
    if (!widget) {
      held.push([verb, args]);
      return;
    }
    if (verb === 'destroy') {
      widget.destroy();
      widget = null;
      return;
    }
    return (widget[verb] as (...a: unknown[]) => unknown)(...args);
  };

  return (verb, ...args) => {
    try {
      if (!verbs.includes(verb as Verb)) {
        console.warn(
          `surveylet: unknown command ${describeValue(verb)}; use one of ${verbs.join(', ')}`,
        );
        return;
      }
      const signature = signatures[verb as Verb] ?? [];
      for (const [index, [check, expected]] of signature.entries()) {
        if (!check(args[index])) {
          console.warn(
            `surveylet: ${verb as string} expects ${expected} as argument ${index + 1} (got ${describeValue(args[index])})`,
          );
          return;
        }
      }
      return run(verb as Verb, args);
    } catch (error) {
      console.warn('surveylet: command failed', error);
    }
  };
}
