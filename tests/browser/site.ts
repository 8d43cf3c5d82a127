/**
 * The built site on a plain static file server, as any static host would serve it: node's http module on
 * 127.0.0.1 (a free port), the files of a `vite build` folder under a sub-path, no server code, and
 * optional response headers (the Content-Security-Policy). Every request is logged; CSP violation reports
 * sent to {@link CSP_REPORT_PATH} are collected.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';

export { buildSite, launchBrowser } from '../../src/cli/browser.ts';

/** The path at the server's origin where browsers POST CSP violation reports (the `report-uri`). */
export const CSP_REPORT_PATH = '/csp-report';

/** Content types by file extension; others are served as application/octet-stream. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Options of {@link serveSite}. */
export interface SiteOptions {
  /** The sub-path the site is served under, starting and ending with '/' (default '/'). */
  base?: string;
  /** Headers sent with every file, by name. */
  headers?: Record<string, string>;
  /** Headers for the files whose path (under `base`) matches `pattern`, replacing those of `headers`. */
  override?: { pattern: RegExp; headers: Record<string, string> };
}

/** A running static server; see {@link serveSite}. */
export interface Site {
  /** The origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The site's URL: origin + base. */
  url: string;
  /** Every request, as "METHOD path status", in arrival order. */
  requests: string[];
  /** The bodies of the CSP violation reports received, parsed as JSON (or the raw text). */
  reports: unknown[];
  /** Stop the server. */
  close(): Promise<void>;
}

/** The body of a request, as text. */
function body(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

/**
 * Serve the folder `dir` under `options.base` on 127.0.0.1 at a free port: GET and HEAD of files (a path
 * ending in '/' serves its index.html), 404 for anything outside the base or the folder, 405 for other
 * methods, except POSTs of CSP reports to {@link CSP_REPORT_PATH}.
 */
export async function serveSite(dir: string, options: SiteOptions = {}): Promise<Site> {
  const base = options.base ?? '/';
  if (!base.startsWith('/') || !base.endsWith('/'))
    throw new Error(`base must start and end with '/': ${base}`);
  const root = resolve(dir);
  const requests: string[] = [];
  const reports: unknown[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    if (req.method === 'POST' && path === CSP_REPORT_PATH) {
      const text = await body(req);
      try {
        reports.push(JSON.parse(text));
      } catch {
        reports.push(text);
      }
      res.writeHead(204).end();
      return 204;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return 405;
    }
    const inner = path.startsWith(base) ? path.slice(base.length) : null;
    const file =
      inner === null
        ? null
        : resolve(root, inner.endsWith('/') || inner === '' ? `${inner}index.html` : inner);
    const info =
      file && (file === root || file.startsWith(root + sep)) ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return 404;
    }
    const headers = options.override?.pattern.test(inner ?? '') ? options.override.headers : options.headers;
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : await readFile(file));
    return 200;
  };
  const server = createServer((req, res) => {
    handle(req, res).then(
      (status) => requests.push(`${req.method} ${req.url} ${status}`),
      (e: unknown) => {
        requests.push(`${req.method} ${req.url} 500`);
        if (!res.headersSent) res.writeHead(500);
        res.end(String(e));
      },
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: origin + base,
    requests,
    reports,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** The Content-Security-Policy of a page's `<meta http-equiv>` tag, or null when it has none. */
export function metaPolicy(html: string): string | null {
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  return m ? m[1]! : null;
}
