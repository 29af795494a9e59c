import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ViteDevServer } from 'vite';
import { type Site, type SiteOptions, serveSite } from '../site.js';

/** A fixture app on 127.0.0.1 with a collector at `/collect` that records what it is sent. */
export interface AppServer extends Pick<Site, 'url' | 'batches' | 'responses' | 'close'> {
  /** What Vite warned about or logged as an error while serving (dev server only). */
  warnings: string[];
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/**
 * The shared test site (test/site.ts) around the app, with `/surveylet.js` taken through
 * the package's own export, as `npm install surveylet` ships it, not from the repo's build.
 */
function listen(app: string, pages: SiteOptions['pages']): Promise<Site> {
  const script = createRequire(join(app, 'package.json')).resolve('surveylet/surveylet.js');
  return serveSite({ script, pages });
}

/** Serves the app's production build (`dist/`, or another folder) as plain static files. */
export async function serveBuild(app: string, dist = join(app, 'dist')): Promise<AppServer> {
  const site = await listen(app, () => (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(dist, normalize(path === '/' ? '/index.html' : path));
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return { ...site, warnings: [] };
}

/**
 * Serves the app from the fixture's own Vite dev server, mounted in the same site so
 * the collector stays the test's; the HMR socket shares the port, as in `vite` itself.
 */
export async function serveDev(app: string): Promise<AppServer> {
  const vite = (await import(
    pathToFileURL(join(app, 'node_modules', 'vite', 'dist', 'node', 'index.js')).href
  )) as typeof import('vite');
  let dev: ViteDevServer | undefined;
  // A developer reads the terminal: a warning there (a failed dependency scan, say) counts.
  const warnings: string[] = [];
  const logger = vite.createLogger('warn');
  const record = (level: 'warn' | 'warnOnce' | 'error') => {
    const original = logger[level];
    logger[level] = (message, options) => {
      warnings.push(message);
      original(message, options);
    };
  };
  record('warn');
  record('warnOnce');
  record('error');
  const site = await listen(app, async (server) => {
    dev = await vite.createServer({
      root: app,
      configFile: join(app, 'vite.config.js'),
      customLogger: logger,
      appType: 'mpa',
      server: { middlewareMode: true, hmr: { server } },
      // Vite's dependency cache keys on the lockfile, not on node_modules/surveylet, so a
      // freshly installed tarball would otherwise be served from the previous run's cache.
      optimizeDeps: { force: true },
    });
    const middlewares = dev.middlewares;
    return (req, res) => middlewares(req, res);
  });
  return {
    ...site,
    warnings,
    close: async () => {
      await dev?.close();
      await site.close();
    },
  };
}
