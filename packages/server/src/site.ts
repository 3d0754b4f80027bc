/**
 * The dashboard's built files (packages/web/build), served by the API server so the page and the
 * API share one origin. In demo mode the page is given the demo key in a meta tag, so it is alive
 * the moment it opens; otherwise the page asks for a key.
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

export async function registerSite(app: FastifyInstance, webRoot: string | null, demoKey: string | null): Promise<void> {
  const indexPath = webRoot === null ? null : join(webRoot, 'index.html');
  if (webRoot === null || indexPath === null || !existsSync(indexPath)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => {
      reply.type('text/html; charset=utf-8');
      return '<!doctype html><meta charset="utf-8"><title>margin</title><p>The dashboard is not built: run <code>npm run build</code>. The API is at <a href="/docs">/docs</a>.</p>';
    });
    return;
  }
  let html = readFileSync(indexPath, 'utf8');
  if (demoKey !== null) {
    html = html.replace('</head>', `<meta name="margin-demo-key" content="${escapeAttribute(demoKey)}">\n</head>`);
  }
  await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: false, wildcard: true, decorateReply: false, schemaHide: true });
  const page = async (_request: unknown, reply: { type: (t: string) => unknown; header: (k: string, v: string) => unknown }) => {
    reply.type('text/html; charset=utf-8');
    reply.header('cache-control', 'no-store');
    return html;
  };
  app.get('/', { schema: { hide: true } }, page);
  app.get('/index.html', { schema: { hide: true } }, page);
}
