/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
// The classic runtime: Preact's own h(), which the card needs anyway, instead of the
// automatic runtime's extra module.
import { Fragment, h } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ResolvedLocale } from '../survey/languages.js';
import { scaleOf } from '../survey/scoring.js';
import type { Strings } from '../survey/types.js';
import { FollowUp } from './FollowUp.js';
import type { Flow, Step } from './flow.js';
import { Scale } from './Scale.js';
import { ThankYou } from './ThankYou.js';

export interface CardProps {
  flow: Flow;
  strings: Strings;
  locale: ResolvedLocale;
  /** How long the thank-you stays before a popover closes itself, in ms. */
  thanksMs?: number;
}

// Tab stops only: the radios off the roving tab stop carry tabindex="-1".
const focusable = 'button:not([tabindex="-1"]), textarea, [tabindex="0"]';

function activeIn(root: Node): Element | null {
  const owner = root.getRootNode() as Document | ShadowRoot;
  return owner.activeElement;
}

/**
 * One survey on screen. Corner positions are non-modal popovers that never take
 * focus when they appear and are announced politely; `center` is a modal
 * `<dialog>` with a focus trap that gives focus back on close; `inline` sits in
 * the page flow. An inline card changes height only in answer to the respondent's
 * own click or key (which layout-shift scoring excludes), so it keeps its thank-you
 * instead of closing itself on a timer.
 */
export function Card({ flow, strings, locale, thanksMs = 4000 }: CardProps) {
  const step = flow.step.value;
  const frame = useRef<HTMLElement & HTMLDialogElement>(null);
  const focusBefore = useRef<Element | null>(null);
  // Whether a popover has been announced: only after its empty live region is in the tree.
  const [introduced, setIntroduced] = useState(false);
  const { survey, wording } = flow;
  const { position, followUp } = survey;
  const modal = position === 'center';
  const inline = position === 'inline';
  const scale = scaleOf(survey.type, survey.variant);

  useLayoutEffect(() => {
    const el = frame.current;
    if (!el) return;
    if (modal) {
      focusBefore.current = document.activeElement;
      el.showModal?.();
    } else if (!inline && el.showPopover) {
      // The top layer escapes the host's z-index wars and transformed ancestors.
      el.showPopover();
    }
    return () => {
      // An open modal makes the rest of the page inert: close it before giving focus back.
      if (modal && el.open) el.close?.();
      const active = activeIn(el);
      const previous = focusBefore.current as HTMLElement | null;
      if ((modal || (active && el.contains(active))) && previous?.isConnected) previous.focus?.();
    };
  }, [modal, inline]);

  useEffect(() => {
    if (modal || inline) return;
    const timer = setTimeout(() => setIntroduced(true), 150);
    return () => clearTimeout(timer);
  }, []);

  useEffect(() => {
    if (step !== 'thanks' || inline) return;
    const timer = setTimeout(() => flow.close(), thanksMs);
    return () => clearTimeout(timer);
  }, [step]);

  useEffect(() => {
    // Phone keyboards shrink only the visual viewport, covering fixed elements at the
    // bottom: lift the card above the keyboard while the respondent types.
    const viewport = window.visualViewport;
    const el = frame.current;
    if (step !== 'followUp' || modal || inline || !viewport || !el) return;
    const place = () => {
      const covered = window.innerHeight - viewport.height - viewport.offsetTop;
      el.style.setProperty('--sl-keyboard', `${Math.max(0, Math.round(covered))}px`);
    };
    place();
    viewport.addEventListener('resize', place);
    viewport.addEventListener('scroll', place);
    return () => {
      viewport.removeEventListener('resize', place);
      viewport.removeEventListener('scroll', place);
    };
  }, [step]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      flow.close();
    } else if (event.key === 'Tab' && modal && frame.current) {
      const items = [...frame.current.querySelectorAll<HTMLElement>(focusable)];
      const first = items[0];
      const last = items[items.length - 1];
      const active = activeIn(frame.current);
      if (event.shiftKey && active === first) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first?.focus();
      }
    }
  };

  const onFocusIn = (event: FocusEvent) => {
    const from = event.relatedTarget as Node | null;
    if (!modal && !(from && frame.current?.contains(from))) focusBefore.current = from as Element;
  };

  const renderStep = (name: Exclude<Step, 'closed'>) => {
    if (name === 'score') {
      return (
        <div class="step">
          <p part="question" class="question" id="sl-question">
            {wording.question}
          </p>
          <Scale
            min={scale.min}
            max={scale.max}
            low={wording.low}
            high={wording.high}
            style={survey.style}
            dir={locale.dir}
            labelledBy="sl-question"
            onChoose={flow.choose}
          />
        </div>
      );
    }
    if (name === 'followUp' && followUp) {
      return (
        <FollowUp
          question={flow.followUpQuestion.value}
          required={followUp.required}
          maxLength={followUp.maxLength}
          submitLabel={strings.submit}
          requiredMessage={strings.commentRequired}
          onSubmit={flow.submit}
        />
      );
    }
    return <ThankYou message={wording.thankYou} />;
  };

  const body = (
    <>
      <button
        type="button"
        part="close"
        class="close"
        aria-label={strings.close}
        onClick={() => flow.close()}
      >
        <span aria-hidden="true">×</span>
      </button>
      {step !== 'closed' && renderStep(step)}
      {!modal && (
        <div class="sr" aria-live="polite">
          {step === 'thanks'
            ? wording.thankYou
            : introduced && `${strings.surveyLabel}: ${wording.question}`}
        </div>
      )}
    </>
  );

  const common = {
    ref: frame,
    part: 'card',
    class: `card ${inline ? 'inline' : modal ? 'modal' : `popover ${position}`}`,
    dir: locale.dir,
    lang: locale.locale,
    onKeyDown,
    onFocusIn,
  };

  if (modal) {
    return (
      <dialog
        {...common}
        aria-label={strings.surveyLabel}
        onCancel={(event) => {
          event.preventDefault();
          flow.close();
        }}
      >
        {body}
      </dialog>
    );
  }
  return (
    <section {...common} aria-label={strings.surveyLabel} popover={inline ? undefined : 'manual'}>
      {body}
    </section>
  );
}
