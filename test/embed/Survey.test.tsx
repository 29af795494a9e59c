import { fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Survey } from '../../src/embed/Survey.js';
import { fakeEndpoint, inWidget } from '../helpers.js';

afterEach(() => vi.restoreAllMocks());

describe('<Survey>', () => {
  it('renders inline where it is placed and calls back with the answer', async () => {
    const endpoint = fakeEndpoint();
    vi.spyOn(window, 'fetch').mockImplementation(endpoint.fetch as typeof fetch);
    const onAnswered = vi.fn();
    const { container, unmount } = render(
      <main>
        <h1>Order placed</h1>
        <Survey
          survey="csat"
          endpoint="https://c.example/r"
          onAnswered={onAnswered}
          class="feedback"
        />
        <footer>after</footer>
      </main>,
    );
    const host = container.querySelector('.feedback') as HTMLElement;
    expect(host.previousElementSibling?.tagName).toBe('H1');
    expect(host.nextElementSibling?.tagName).toBe('FOOTER');
    fireEvent.click(inWidget(host).getByRole('radio', { name: '5, Very satisfied' }));
    expect(onAnswered).toHaveBeenCalledWith(
      expect.objectContaining({ score: 5, surveyId: 'csat' }),
    );
    await waitFor(() => expect(endpoint.responses()).toHaveLength(1));
    unmount();
    expect(host.shadowRoot?.querySelector('.card') ?? null).toBeNull();
  });

  it('takes a full survey object', () => {
    const { container } = render(
      <Survey
        survey={{ id: 'support', type: 'ces', question: 'Was it easy?' }}
        endpoint="https://c.example/r"
        locale="ja"
      />,
    );
    const host = container.firstElementChild as HTMLElement;
    expect(inWidget(host).getByText('Was it easy?')).toBeTruthy();
    expect(inWidget(host).getByRole('radio', { name: '7, 強くそう思う' })).toBeTruthy();
  });
});
