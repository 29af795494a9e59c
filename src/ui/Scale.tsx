/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
// The classic runtime: Preact's own h(), which the card needs anyway, instead of the
// automatic runtime's extra module.
import { h } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { CsatStyle } from '../survey/types.js';

/**
 * Mouths of the five faces of the emoji style, from very dissatisfied to very
 * satisfied. Drawn as SVG rather than emoji characters, which render differently on
 * every system and not at all where no emoji font is installed.
 */
const mouths = [
  'M8 17q4-4 8 0',
  'M8.5 16.5q3.5-2 7 0',
  'M8.5 15.5h7',
  'M8.5 14.5q3.5 2.5 7 0',
  'M8 14q4 5 8 0',
];

function Face({ mouth }: { mouth: string }) {
  return (
    <svg class="face" viewBox="0 0 24 24" aria-hidden="true">
      <circle cx="12" cy="12" r="10" />
      <circle class="eye" cx="9" cy="10" r="1.2" />
      <circle class="eye" cx="15" cy="10" r="1.2" />
      <path d={mouth} />
    </svg>
  );
}

export interface ScaleProps {
  min: number;
  max: number;
  low: string;
  high: string;
  style: CsatStyle;
  dir: 'ltr' | 'rtl';
  /** Id of the question element that names the group. */
  labelledBy: string;
  onChoose(score: number): void;
}

/**
 * The score as a radiogroup with roving focus (WAI-ARIA APG radio pattern).
 * Arrow keys move focus and check, like native radios; Enter, Space or a click
 * chooses the score. Choosing is kept apart from checking so a keyboard user can
 * travel the scale without each step being sent as an answer.
 */
export function Scale({ min, max, low, high, style, dir, labelledBy, onChoose }: ScaleProps) {
  const values = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const [checked, setChecked] = useState<number | null>(null);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const tabStop = checked ?? min;

  const choose = (value: number) => {
    setChecked(value);
    onChoose(value);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const focused = buttons.current.indexOf(event.target as HTMLButtonElement);
    if (focused < 0) return;
    const current = min + focused;
    const forward = dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const backward = dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
    let next: number | null = null;
    if (event.key === forward || event.key === 'ArrowDown')
      next = current >= max ? min : current + 1;
    else if (event.key === backward || event.key === 'ArrowUp')
      next = current <= min ? max : current - 1;
    else if (event.key === 'Home') next = min;
    else if (event.key === 'End') next = max;
    else if (event.key === 'Enter' || event.key === ' ') {
      // Chosen on keydown and the button's own synthesized click cancelled, so one
      // key press is one choice in every browser.
      event.preventDefault();
      choose(current);
      return;
    }
    if (next === null) return;
    event.preventDefault();
    setChecked(next);
    buttons.current[next - min]?.focus();
  };

  const nameOf = (value: number) =>
    value === min ? `${value}, ${low}` : value === max ? `${value}, ${high}` : String(value);

  const mouthOf = (value: number) =>
    mouths[Math.round(((value - min) / (max - min)) * (mouths.length - 1))] as string;

  return (
    <div class="scale-wrap">
      <div
        part="scale"
        class={`scale scale-${style}`}
        role="radiogroup"
        aria-labelledby={labelledBy}
        onKeyDown={onKeyDown}
      >
        {values.map((value) => (
          // biome-ignore lint/a11y/useSemanticElements: native radios choose on every arrow key (they fire click and change), which would send each step as an answer.
          <button
            key={value}
            type="button"
            part="option"
            role="radio"
            class={style === 'stars' && checked !== null && value <= checked ? 'opt lit' : 'opt'}
            aria-checked={checked === value}
            aria-label={nameOf(value)}
            tabIndex={value === tabStop ? 0 : -1}
            ref={(el) => {
              buttons.current[value - min] = el;
            }}
            onClick={() => choose(value)}
          >
            {style === 'emoji' ? (
              <Face mouth={mouthOf(value)} />
            ) : (
              <span aria-hidden="true">{style === 'stars' ? '★' : value}</span>
            )}
          </button>
        ))}
      </div>
      <div class="ends" aria-hidden="true">
        <span>{low}</span>
        <span>{high}</span>
      </div>
    </div>
  );
}
