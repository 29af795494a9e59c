// `import type {} from 'surveylet/jsx/preact';` in any file the app compiles:
// <surveylet-survey> in Preact's JSX. A types-only entry of its own, so apps without
// Preact never load an augmentation of a module they lack.
import type { JSX, Ref } from 'preact';
import type {
  SurveyElementEventProps,
  SurveyElementProps,
  SurveyletSurveyElement,
} from '../embed/surveyElementTypes.js';

// Preact sets `survey={object}` as the property (the element has one), and a prop
// `on<name>` whose name starts lower-case becomes addEventListener('<name>') as
// written: so the events are `onsurveylet:answered={…}`.
//
// Preact 10 declares HTMLAttributes in its JSX namespace and Preact 11 at the top level;
// both type <abbr> as plain HTMLAttributes<HTMLElement>, so that stands in for it, with
// the ref typed as this element.
type HTMLElementAttributes = Omit<JSX.IntrinsicElements['abbr'], 'ref'> & {
  ref?: Ref<SurveyletSurveyElement>;
};
type SurveyletSurveyProps = SurveyElementProps &
  SurveyElementEventProps<'on'> &
  HTMLElementAttributes;

// Preact 11 reads its JSX types through the module; Preact 10's automatic runtime
// (jsxImportSource) only sees the global `preact.JSX` namespace. Both are augmented.
declare global {
  namespace preact.JSX {
    interface IntrinsicElements {
      'surveylet-survey': SurveyletSurveyProps;
    }
  }
}

declare module 'preact' {
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
