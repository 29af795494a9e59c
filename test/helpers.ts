import { within } from '@testing-library/preact';
import { vi } from 'vitest';
import type { Batch, SurveyletConfig } from '../src/survey/types.js';
import { createSurveylet, type Runtime } from '../src/widget/surveylet.js';

/** The shadow root of the (only) widget host in the document. */
export function widgetRoot(
  host: Element | null = document.querySelector('[data-surveylet]'),
): ShadowRoot {
  const root = host?.shadowRoot;
  if (!root) throw new Error('no widget on the page');
  return root;
}

/** Testing Library queries inside the widget's shadow root. */
export function inWidget(host?: Element | null) {
  return within(widgetRoot(host) as unknown as HTMLElement);
}

/** A fake collection endpoint that records every batch posted to it. */
export function fakeEndpoint(status = 204) {
  const batches: Batch[] = [];
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    batches.push(JSON.parse(init.body as string) as Batch);
    return new Response(null, { status });
  });
  return { fetch, batches, responses: () => batches.flatMap((b) => b.responses) };
}

/** Starts a widget against a fake endpoint and waits for its first survey to show. */
export async function startWidget(config: Partial<SurveyletConfig>, runtime: Runtime = {}) {
  const endpoint = fakeEndpoint();
  const widget = createSurveylet(
    { endpoint: 'https://collect.example.com/r', ...config },
    { fetch: endpoint.fetch, ...runtime },
  );
  await vi.waitFor(() => widgetRoot());
  return { widget, endpoint };
}
