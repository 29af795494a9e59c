export type { Served, ServeOptions } from './collector/server.js';
export { serve } from './collector/server.js';
