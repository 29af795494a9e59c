import { useEffect, useRef } from 'preact/hooks';

export interface ThankYouProps {
  message: string;
  /** Take focus when shown: the respondent's focus was on the step that just went away. */
  takeFocus: boolean;
}

/** The last step: a thank-you the card closes after a few seconds. */
export function ThankYou({ message, takeFocus }: ThankYouProps) {
  const text = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (takeFocus) text.current?.focus();
  }, [takeFocus]);
  return (
    <div class="step">
      <p part="question" class="question thanks" tabIndex={-1} ref={text}>
        {message}
      </p>
    </div>
  );
}
