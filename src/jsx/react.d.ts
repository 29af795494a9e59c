// `import type {} from 'surveylet/jsx/react';` in any file the app compiles:
// <surveylet-survey> in React 19's JSX. A types-only entry of its own, so apps without
// React never load an augmentation of a module they lack.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  SurveyElementEventProps,
  SurveyElementProps,
  SurveyletSurveyElement,
} from '../embed/surveyElementTypes.js';

// React 19 sets `survey={object}` as the property, and for a custom element it turns a
// prop `on<name>` into addEventListener('<name>'), name kept as written: so the events
// are `onsurveylet:answered={…}` (a namespaced JSX attribute, TypeScript ≥ 5.1).
type SurveyletSurveyProps = SurveyElementProps &
  SurveyElementEventProps<'on'> &
  DetailedHTMLProps<HTMLAttributes<SurveyletSurveyElement>, SurveyletSurveyElement>;

declare module 'react' {
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
