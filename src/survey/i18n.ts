/**
 * Fills `{name}` and `{name|fallback}` placeholders from `values`. The result is
 * plain text: callers render it as a text node, never as HTML.
 */
export function fillPlaceholders(template: string, values: Record<string, unknown>): string {
  return template.replace(
    /\{([\w.-]+)(?:\|([^}]*))?\}/g,
    (whole, name: string, fallback?: string) => {
      const value = values[name];
      if (value !== undefined && value !== null && value !== '') return String(value);
      return fallback ?? whole;
    },
  );
}
