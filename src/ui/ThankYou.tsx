/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
// The classic runtime: Preact's own h(), which the card needs anyway, instead of the
// automatic runtime's extra module.
import { h } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

export interface ThankYouProps {
  message: string;
}

/**
 * The last step: a thank-you a popover closes after a few seconds. It takes focus
 * because the control the respondent just used has gone with the previous step.
 */
export function ThankYou({ message }: ThankYouProps) {
  const text = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => text.current?.focus(), []);
  return (
    <div class="step">
      <p part="question" class="question thanks" tabIndex={-1} ref={text}>
        {message}
      </p>
    </div>
  );
}
