import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Batch } from '../src/survey/types.js';

/** Answers one request of the site that the shared routes did not take. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A local site on 127.0.0.1 as a browser test sees it: a collector at `/collect` that
 * records every batch it is sent, the script-tag files at `/surveylet.js` (the loader),
 * `/surveylet-ui.js` and `/surveylet.bundle.js`, and the site's own pages behind them.
 */
export interface Site {
  url: string;
  batches: Batch[];
  /** What a protocol-keeping endpoint would hold: by id, at the highest revision. */
  stored: Map<string, Batch['responses'][number]>;
  /** While true, the collector takes requests and never answers them (a black hole). */
  blackHole: boolean;
  /** The script-tag files asked for, in order (`/surveylet.js`, `/surveylet-ui.js`, …). */
  served: string[];
  responses(): Batch['responses'];
  /** The Node server itself, for what shares its port (Vite's HMR socket). */
  server: Server;
  close(): Promise<void>;
}

export interface SiteOptions {
  /**
   * The file served as `/surveylet.js`: the repo's build, or an installed package's copy;
   * the files beside it are served beside it.
   */
  script: string;
  /** Everything else; given the listening server, for handlers that must share it. */
  pages(server: Server): Handler | Promise<Handler>;
}

/** Starts the site on a free port; the collector answers 204 unless it is a black hole. */
export async function serveSite({ script, pages }: SiteOptions): Promise<Site> {
  const batches: Batch[] = [];
  const stored: Site['stored'] = new Map();
  // Until `pages` has given its handler (a dev server starting), the site is not ready.
  let rest: Handler = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/collect' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        if (site.blackHole) return; // never answered
        const batch = JSON.parse(body) as Batch;
        batches.push(batch);
        for (const response of batch.responses) {
          const known = stored.get(response.id);
          if (!known || known.revision < response.revision) stored.set(response.id, response);
        }
        res.writeHead(204).end();
      });
      return;
    }
    if (/^\/surveylet[\w.-]*\.js$/.test(path)) {
      site.served.push(path);
      // Read at each request, so a test always gets the file as it is on disk now.
      const file = join(dirname(script), path);
      if (!existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(readFileSync(file));
      return;
    }
    if (path === '/favicon.ico') {
      // Chromium asks for it on every page; a 404 would show as a console error.
      res.writeHead(204).end();
      return;
    }
    rest(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const site: Site = {
    url: `http://127.0.0.1:${port}`,
    batches,
    stored,
    blackHole: false,
    served: [],
    responses: () => batches.flatMap((batch) => batch.responses),
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  rest = await pages(server);
  return site;
}
