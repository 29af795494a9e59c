// What an app's bundler keeps of `import { createSurveylet } from 'surveylet'`:
// built by `vite build --mode size` and measured by size-limit in `npm test`.
export { createSurveylet } from '../../src/index.js';
