// `import type {} from 'surveylet/jsx/vue';` in any file the app compiles:
// <surveylet-survey> in Vue templates checked by vue-tsc. A types-only entry of its
// own, so apps without Vue never load an augmentation of a module they lack. Vue's
// compiler must still be told it is a custom element (compilerOptions.isCustomElement).
import type { DefineComponent } from 'vue';
import type { SurveyElementEventMap, SurveyElementProps } from '../embed/surveyElementTypes.js';

// Vue compiles `@surveylet:answered="…"` to the prop `onSurveylet:answered` and listens
// to `surveylet:answered`; vue-tsc checks the handler against that prop.
type SurveyletSurveyEvents = {
  [Name in keyof SurveyElementEventMap as `on${Capitalize<Name>}`]?: (
    event: SurveyElementEventMap[Name],
  ) => void;
};

// vue-tsc matches a template's `survey-id="…"` against the prop `surveyId`, as for any
// component, so the props are the attribute names in camelCase (the template keeps
// writing them hyphenated, which is what reaches the element).
type CamelCase<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : Name;
type SurveyletSurveyProps = {
  [Name in keyof SurveyElementProps as CamelCase<Name>]: SurveyElementProps[Name];
};

declare module 'vue' {
  interface GlobalComponents {
    'surveylet-survey': DefineComponent<SurveyletSurveyProps & SurveyletSurveyEvents>;
  }
}

// In a declaration file every top-level type is exported unless the file says what it
// exports: this keeps the helper types above private.
// biome-ignore lint/complexity/noUselessEmptyExport: not useless in a .d.ts (see above)
export {};
