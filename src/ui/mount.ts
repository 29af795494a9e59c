import { h, render } from 'preact';
import type { ColorScheme, Theme } from '../survey/types.js';
import { Card, type CardProps } from './Card.js';
import { css } from './styles.js';

/** How the host element looks, beyond the card's own props. */
export interface HostOptions {
  theme?: Theme;
  colorScheme?: ColorScheme;
  zIndex?: number;
  /** Nonce for the `<style>` fallback under a strict CSP. */
  nonce?: string;
}

const sheets = new WeakMap<Document, CSSStyleSheet>();

/**
 * Puts the styles in the shadow root: a constructable stylesheet shared by every
 * card of the document (allowed by a CSP without 'unsafe-inline'), else a
 * `<style>` carrying the configured nonce.
 */
function adoptStyles(root: ShadowRoot, nonce: string | undefined): void {
  const doc = root.ownerDocument;
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function') {
    try {
      let sheet = sheets.get(doc);
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        sheets.set(doc, sheet);
      }
      if (!root.adoptedStyleSheets.includes(sheet))
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      return;
    } catch {
      // Constructable stylesheets exist but are not constructible (Safari < 16.4): fall through.
    }
  }
  if (root.querySelector('style[data-surveylet]')) return;
  const style = doc.createElement('style');
  style.setAttribute('data-surveylet', '');
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  root.prepend(style);
}

/** Sets theme custom properties through the CSSOM, which a strict CSP allows. */
function applyHost(host: HTMLElement, options: HostOptions): void {
  host.setAttribute('data-surveylet', '');
  host.setAttribute('data-scheme', options.colorScheme ?? 'auto');
  for (const [name, value] of Object.entries(options.theme ?? {})) {
    if (value) host.style.setProperty(`--surveylet-${name}`, value);
  }
  if (options.zIndex !== undefined) host.style.setProperty('--surveylet-z', String(options.zIndex));
}

/**
 * Renders a survey card in the open shadow root of `host`. Returns a function
 * that removes the card again (the host element itself belongs to the caller).
 */
export function mountCard(
  host: HTMLElement,
  props: CardProps,
  options: HostOptions = {},
): () => void {
  applyHost(host, options);
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  adoptStyles(root, options.nonce);
  // Preact owns a container of its own, so it never removes the fallback <style>.
  let container = root.querySelector<HTMLElement>('div[data-root]');
  if (!container) {
    container = host.ownerDocument.createElement('div');
    container.setAttribute('data-root', '');
    root.append(container);
  }
  const target = container;
  render(h(Card, props), target);
  return () => render(null, target);
}
