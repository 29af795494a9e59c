export type { Served, ServeOptions, StoreChoice } from './collector/server.js';
export { collectorFor, serve } from './collector/server.js';
