/**
 * The page at `/sandbox`: three static files (HTML, CSS, plain JavaScript; no framework, nothing
 * fetched from elsewhere, so it works offline), read once at start.
 */
import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Route } from '../ingress/http/route.js';

// From src/sandbox/ (tsx) or dist/src/sandbox/ (built): the files stay in src/.
const HERE = fileURLToPath(new URL('.', import.meta.url));
const PAGE_DIR = HERE.includes(`${sep}dist${sep}src${sep}`) ? resolve(HERE, '../../../src/sandbox/page') : join(HERE, 'page');

const FILES: readonly { path: string; file: string; type: string }[] = [
  { path: '/sandbox', file: 'index.html', type: 'text/html; charset=utf-8' },
  { path: '/sandbox/app.js', file: 'app.js', type: 'text/javascript; charset=utf-8' },
  { path: '/sandbox/app.css', file: 'app.css', type: 'text/css; charset=utf-8' },
];

// The page runs only its own script and talks only to this server.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

export function sandboxPageRoutes(): Route[] {
  return FILES.map(({ path, file, type }) => {
    const body = readFileSync(join(PAGE_DIR, file));
    return {
      method: 'GET',
      path,
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-cache', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' });
        res.end(body);
        return Promise.resolve();
      },
    };
  });
}
