/**
 * Security headers on every response (pages, API, problems, static files). The dashboard and the
 * API docs load only same-origin scripts and styles, so scripts are `'self'` only; the demo key
 * reaches the page in a meta tag, not an inline script. Inline `style="..."` attributes (chart
 * heights, ratio bars) are allowed through `style-src-attr`; `<style>` elements are not, except
 * under /docs, where Swagger UI injects one (the dashboard page, which holds the demo key, stays strict).
 * No CORS headers are sent: the API is same-origin only (docs/api.md, "Browsers and CORS").
 */
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  // 'self' covers the same-origin WebSocket (ws:// or wss://) the dashboard streams from.
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** /docs (Swagger UI): its bundle adds a `<style>` element at run time, so inline styles are allowed there. */
export const DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** Sets the headers in onRequest, so every answer carries them, errors and 404s included. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (request.url === '/docs' || request.url.startsWith('/docs/') || request.url.startsWith('/docs?')) {
      reply.header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY);
    }
  });
}
