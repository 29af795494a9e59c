/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
// The classic runtime: Preact's own h(), which the card needs anyway, instead of the
// automatic runtime's extra module.
import { h } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface FollowUpProps {
  question: string;
  required: boolean;
  maxLength: number;
  submitLabel: string;
  requiredMessage: string;
  onSubmit(comment: string): void;
}

/** The open-text step: a labelled text box and a send button. */
export function FollowUp(props: FollowUpProps) {
  const box = useRef<HTMLTextAreaElement>(null);
  const [missing, setMissing] = useState(false);
  // The step appears in answer to the respondent's own choice, so focus follows them.
  // Before paint, so keys typed right after choosing land in the box.
  useLayoutEffect(() => box.current?.focus(), []);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const comment = box.current?.value ?? '';
    if (props.required && comment.trim() === '') {
      setMissing(true);
      box.current?.focus();
      return;
    }
    props.onSubmit(comment);
  };

  return (
    <form class="step" onSubmit={onSubmit} noValidate>
      <label part="question" class="question" for="sl-comment">
        {props.question}
      </label>
      <textarea
        id="sl-comment"
        part="comment"
        class="comment"
        ref={box}
        rows={3}
        maxLength={props.maxLength}
        aria-required={props.required}
        aria-invalid={missing}
        aria-describedby={missing ? 'sl-comment-error' : undefined}
        onInput={() => missing && setMissing(false)}
      />
      {missing && (
        <p id="sl-comment-error" class="error" role="alert">
          {props.requiredMessage}
        </p>
      )}
      <button type="submit" part="submit" class="submit">
        {props.submitLabel}
      </button>
    </form>
  );
}
