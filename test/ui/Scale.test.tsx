import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Scale, type ScaleProps } from '../../src/ui/Scale.js';

afterEach(cleanup);

/** The scale under the question that names it, as the card lays them out. */
function scale(props: Partial<ScaleProps> = {}) {
  const onChoose = vi.fn();
  render(
    <div>
      <p id="q">How likely are you to recommend us?</p>
      <Scale
        min={0}
        max={10}
        low="Not at all likely"
        high="Extremely likely"
        style="numbers"
        dir="ltr"
        labelledBy="q"
        onChoose={onChoose}
        {...props}
      />
    </div>,
  );
  const radios = screen.getAllByRole('radio');
  return { onChoose, radios };
}

/**
 * A key press as a browser delivers it to a <button>: Enter clicks on keydown, Space on
 * keyup, each unless the keydown was cancelled. happy-dom synthesizes neither click.
 */
function press(key: string) {
  const target = document.activeElement as HTMLElement;
  const proceed = fireEvent.keyDown(target, { key });
  if (proceed && key === 'Enter') fireEvent.click(target);
  fireEvent.keyUp(target, { key });
  if (proceed && key === ' ') fireEvent.click(target);
}

const focused = () => document.activeElement?.getAttribute('aria-label');
const checked = (radios: HTMLElement[]) =>
  radios
    .filter((r) => r.getAttribute('aria-checked') === 'true')
    .map((r) => r.getAttribute('aria-label'));

describe('Scale: what a screen reader hears', () => {
  it('is a radio group named by the question, each option named, the ends with their labels', () => {
    const { radios } = scale();
    expect(
      screen.getByRole('radiogroup', { name: 'How likely are you to recommend us?' }),
    ).toBeTruthy();
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual([
      '0, Not at all likely',
      ...['1', '2', '3', '4', '5', '6', '7', '8', '9'],
      '10, Extremely likely',
    ]);
    // Nothing is checked yet, and the whole scale is one tab stop.
    expect(checked(radios)).toEqual([]);
    expect(radios.filter((r) => r.tabIndex === 0)).toEqual([radios[0]]);
  });

  it('names stars by their value, not by the star drawn', () => {
    const { radios } = scale({ min: 1, max: 5, style: 'stars', low: 'Very bad', high: 'Great' });
    expect(radios.map((r) => r.textContent)).toEqual(['★', '★', '★', '★', '★']);
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual([
      '1, Very bad',
      '2',
      '3',
      '4',
      '5, Great',
    ]);
  });
});

describe('Scale: the keyboard', () => {
  it('moves and checks with the arrows, wrapping at the ends, without choosing', () => {
    const { radios, onChoose } = scale();
    radios[0]?.focus();
    press('ArrowRight');
    press('ArrowDown');
    expect(focused()).toBe('2');
    expect(checked(radios)).toEqual(['2']);
    press('ArrowLeft');
    press('ArrowUp');
    press('ArrowUp');
    expect(focused()).toBe('10, Extremely likely');
    press('ArrowRight');
    expect(focused()).toBe('0, Not at all likely');
    // The checked option is the tab stop, so Tab comes back to it.
    expect(radios.filter((r) => r.tabIndex === 0)).toEqual([radios[0]]);
    expect(onChoose).not.toHaveBeenCalled();
  });

  it('jumps to the ends with Home and End', () => {
    const { radios, onChoose } = scale();
    radios[0]?.focus();
    press('End');
    expect(focused()).toBe('10, Extremely likely');
    press('Home');
    expect(focused()).toBe('0, Not at all likely');
    expect(onChoose).not.toHaveBeenCalled();
  });

  it.each([
    ['Enter', 'Enter'],
    ['Space', ' '],
  ])('chooses the focused option once with %s', (_name, key) => {
    const { radios, onChoose } = scale();
    radios[0]?.focus();
    press('End');
    press('ArrowLeft');
    press(key);
    expect(onChoose.mock.calls).toEqual([[9]]);
    expect(checked(radios)).toEqual(['9']);
  });

  it('chooses once per click too', () => {
    const { onChoose } = scale();
    fireEvent.click(screen.getByRole('radio', { name: '7' }));
    expect(onChoose.mock.calls).toEqual([[7]]);
  });

  it('reverses the horizontal arrows right to left, where the scale runs leftward', () => {
    const { radios } = scale({ dir: 'rtl' });
    radios[0]?.focus();
    press('ArrowLeft');
    press('ArrowLeft');
    expect(focused()).toBe('2');
    press('ArrowRight');
    expect(focused()).toBe('1');
    // Up and down keep their meaning whatever the direction.
    press('ArrowDown');
    expect(focused()).toBe('2');
  });

  it('leaves other keys to the page (Tab, letters)', () => {
    const { radios } = scale();
    radios[0]?.focus();
    expect(fireEvent.keyDown(radios[0] as HTMLElement, { key: 'Tab' })).toBe(true);
    expect(fireEvent.keyDown(radios[0] as HTMLElement, { key: 'a' })).toBe(true);
    expect(focused()).toBe('0, Not at all likely');
  });
});

describe('Scale: stars', () => {
  const lit = (radios: HTMLElement[]) => radios.map((r) => r.classList.contains('lit'));

  it('lights every star up to the checked one, following the keyboard and the click', () => {
    const { radios } = scale({ min: 1, max: 5, style: 'stars', low: 'Bad', high: 'Good' });
    expect(lit(radios)).toEqual([false, false, false, false, false]);
    radios[0]?.focus();
    press('ArrowRight');
    press('ArrowRight');
    expect(lit(radios)).toEqual([true, true, true, false, false]);
    fireEvent.click(radios[3] as HTMLElement);
    expect(lit(radios)).toEqual([true, true, true, true, false]);
  });

  it('lights nothing on the numbers style, where only the checked option shows as chosen', () => {
    const { radios } = scale({ min: 1, max: 5, low: 'Bad', high: 'Good' });
    fireEvent.click(radios[3] as HTMLElement);
    expect(lit(radios)).toEqual([false, false, false, false, false]);
    expect(checked(radios)).toEqual(['4']);
  });
});
