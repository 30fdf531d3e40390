/**
 * Warroom's browser pages (the sandbox at `/sandbox`, the fallback room at `/rooms/:ref`): static files
 * (HTML, CSS, plain JavaScript; no framework, nothing fetched from elsewhere, so they work
 * offline), read once at start, and served with a strict Content-Security-Policy.
 *
 * Neutral ground: ingress and the sandbox import it; it imports no Warroom module.
 */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// From src/web/ (tsx) or dist/src/web/ (built): the files stay in src/.
const HERE = fileURLToPath(new URL('.', import.meta.url));
export const PAGE_DIR = HERE.includes(`${sep}dist${sep}src${sep}`) ? resolve(HERE, '../../../src/web/page') : join(HERE, 'page');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

// The page runs only its own script and talks only to this server.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

export interface PageAsset {
  /** The URL path it is served at. */
  readonly path: string;
  readonly type: string;
  readonly body: Buffer;
}

/** Reads `file` (relative to the page directory) once, to be served at `path`. */
export function pageAsset(path: string, file: string): PageAsset {
  const type = TYPES[extname(file)];
  if (type === undefined) throw new Error(`no content type for ${file}`);
  return { path, type, body: readFileSync(join(PAGE_DIR, file)) };
}

/** Sends `asset` with the strict CSP; a page may answer another status (a refusal) and add headers (a cookie). */
export function sendPageAsset(res: ServerResponse, asset: PageAsset, options: { status?: number; headers?: Readonly<Record<string, string>> } = {}): void {
  res.writeHead(options.status ?? 200, {
    'content-type': asset.type,
    'content-length': asset.body.length,
    'cache-control': 'no-cache',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    ...options.headers,
  });
  res.end(asset.body);
}
