// `import type {} from 'surveylet/jsx/solid';` in any file the app compiles:
// <surveylet-survey> in Solid's JSX. A types-only entry of its own, so apps without
// Solid never load an augmentation of a module they lack.
import type { JSX } from 'solid-js';
import type {
  SurveyElementEventProps,
  SurveyElementProps,
  SurveyletSurveyElement,
} from '../embed/surveyElementTypes.js';

// Solid's compiler sets `survey={object}` as the property on a custom element, and turns
// `onsurveylet:answered={…}` into addEventListener('surveylet:answered'). Its `on:`
// form cannot name these events: JSX allows one colon per attribute name.
type SurveyletSurveyProps = SurveyElementProps &
  SurveyElementEventProps<'on'> &
  JSX.HTMLAttributes<SurveyletSurveyElement>;

declare module 'solid-js' {
  namespace JSX {
    interface IntrinsicElements {
      'surveylet-survey': SurveyletSurveyProps;
    }
  }
}

// In a declaration file every top-level type is exported unless the file says what it
// exports: this keeps the helper types above private.
// biome-ignore lint/complexity/noUselessEmptyExport: not useless in a .d.ts (see above)
export {};
