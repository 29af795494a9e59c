// Entry of `surveylet/collector`: the database-neutral handler and its helpers.
export * from './collector/public.js';
