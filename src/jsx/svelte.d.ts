// `import type {} from 'surveylet/jsx/svelte';` in any file the app compiles:
// <surveylet-survey> in Svelte templates checked by svelte-check. A types-only entry
// of its own, so apps without Svelte never load an augmentation of a module they lack.
import type { HTMLAttributes } from 'svelte/elements';
import type {
  SurveyElementEventProps,
  SurveyElementProps,
  SurveyletSurveyElement,
} from '../embed/surveyElementTypes.js';

// Svelte 5 compiles the attribute `onsurveylet:answered={…}` to a listener for
// `surveylet:answered` (its compiler warns about the colon: attribute_illegal_colon);
// Svelte 4 and legacy components write `on:surveylet:answered={…}`. Both are typed.
type SurveyletSurveyAttributes = SurveyElementProps &
  SurveyElementEventProps<'on'> &
  SurveyElementEventProps<'on:'> &
  HTMLAttributes<SurveyletSurveyElement>;

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'surveylet-survey': SurveyletSurveyAttributes;
  }
}

// In a declaration file every top-level type is exported unless the file says what it
// exports: this keeps the helper types above private.
// biome-ignore lint/complexity/noUselessEmptyExport: not useless in a .d.ts (see above)
export {};
