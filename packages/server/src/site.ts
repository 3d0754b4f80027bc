/**
 * The dashboard's built files (packages/web/build), served by the API server so the page and the
 * API share one origin. In demo mode the page is given the demo key in a meta tag, so it is alive
 * the moment it opens, but only when the server is on loopback and the page was asked for under a
 * loopback name (host-guard.ts, ADR 0014); otherwise the page asks for a key (the console prints it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** packages/web/build, next to this package in the workspace. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/build/', import.meta.url));

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * `mayEmbedKey(Host)`: whether this request's page may hold the demo key (host-guard.ts: only a
 * loopback server asked under a loopback name); other requests get the page without it.
 */
export async function registerSite(app: FastifyInstance, webRoot: string | null, demoKey: string | null, mayEmbedKey: (hostHeader: string | undefined) => boolean = () => false): Promise<void> {
  const indexPath = webRoot === null ? null : join(webRoot, 'index.html');
  if (webRoot === null || indexPath === null || !existsSync(indexPath)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => {
      reply.type('text/html; charset=utf-8');
      return '<!doctype html><meta charset="utf-8"><title>margin</title><p>The dashboard is not built: run <code>npm run build</code>. The API is at <a href="/docs">/docs</a>.</p>';
    });
    return;
  }
  const html = readFileSync(indexPath, 'utf8');
  const withKey = demoKey === null ? html : html.replace('</head>', `<meta name="margin-demo-key" content="${escapeAttribute(demoKey)}">\n</head>`);
  await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: false, wildcard: true, decorateReply: false, schemaHide: true });
  const page = async (request: { headers: { host?: string | undefined } }, reply: { type: (t: string) => unknown; header: (k: string, v: string) => unknown }) => {
    reply.type('text/html; charset=utf-8');
    reply.header('cache-control', 'no-store');
    return mayEmbedKey(request.headers.host) ? withKey : html;
  };
  app.get('/', { schema: { hide: true } }, page);
  app.get('/index.html', { schema: { hide: true } }, page);
}
