export type { Collector, CollectorOptions } from './collector/collector.js';
export { createCollector } from './collector/collector.js';
export type { SurveyResults } from './collector/results.js';
export type { Db } from './collector/store.js';
export type { WebhookOptions } from './collector/webhook.js';
