import { useLayoutEffect, useRef } from 'preact/hooks';
import type { SurveyDefinition, SurveyletConfig, SurveyletEvents } from '../survey/types.js';
import { createSurveylet } from '../widget/surveylet.js';

/** Props of the inline `<Survey>` component. */
export interface SurveyProps extends Omit<SurveyletConfig, 'surveys' | 'configUrl'> {
  /** A survey object, or a built-in type (`"nps"`, `"csat"`, `"ces"`) with default wording. */
  survey: SurveyDefinition | 'nps' | 'csat' | 'ces';
  onAnswered?(response: SurveyletEvents['answered']): void;
  onSubmitted?(response: SurveyletEvents['submitted']): void;
  onDismissed?(event: SurveyletEvents['dismissed']): void;
  class?: string;
}

/**
 * An inline survey in the page flow, for Preact apps. It renders before the
 * browser paints (layout effect), so it causes no layout shift as it appears.
 */
export function Survey(props: SurveyProps) {
  const host = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;
  const { survey, onAnswered, onSubmitted, onDismissed, class: className, ...config } = props;
  const definition: SurveyDefinition =
    typeof survey === 'string' ? { id: survey, type: survey } : survey;
  const key = JSON.stringify([definition, { ...config, onError: undefined }]);

  useLayoutEffect(() => {
    const element = host.current;
    if (!element) return;
    const widget = createSurveylet({ ...config, surveys: [definition] }, { position: 'inline' });
    widget.on('answered', (response) => latest.current.onAnswered?.(response));
    widget.on('submitted', (response) => latest.current.onSubmitted?.(response));
    widget.on('dismissed', (event) => latest.current.onDismissed?.(event));
    widget.show(definition.id, { container: element });
    return () => widget.destroy();
  }, [key]);

  return <div ref={host} class={className} />;
}
