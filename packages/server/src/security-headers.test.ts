/**
 * Issue 14 defect 13 on a real loopback server: security headers on every answer (pages, API,
 * problems, 404s, docs), a bad URL escape answers problem+json, and the role check comes before
 * the body is read (a venue key gets 403 whatever its body holds).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ACCOUNT_ID_LENGTH_MAX } from '@margin/wire';
import { CONTENT_SECURITY_POLICY, DOCS_CONTENT_SECURITY_POLICY } from './security-headers.js';
import { startHarness, type Answer, type Harness } from './testing/harness.js';

const PROBLEM = /^application\/problem\+json/;

function assertSecurityHeaders(answer: Answer, what: string): void {
  assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(answer.headers.get('x-frame-options'), 'DENY', what);
  assert.equal(answer.headers.get('referrer-policy'), 'no-referrer', what);
  const csp = answer.headers.get('content-security-policy') ?? '';
  assert.equal(csp, what.includes('/docs') ? DOCS_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY, what);
  assert.match(csp, /(^|; )style-src 'self'[^;]*; style-src-attr 'unsafe-inline'(;|$)/, what);
  assert.match(csp, /(^|; )script-src 'self'(;|$)/, what);
  assert.match(csp, /(^|; )frame-ancestors 'none'(;|$)/, what);
  assert.equal(answer.headers.get('access-control-allow-origin'), null, `${what}: no CORS`);
}

describe('security headers, URL escapes, role before body', () => {
  let h: Harness;
  let venueKey: string;
  let webRoot: string;

  before(async () => {
    // A tiny built dashboard so the page and a static file are served too.
    webRoot = mkdtempSync(join(tmpdir(), 'margin-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>');
    writeFileSync(join(webRoot, 'assets', 'app.js'), 'export {};\n');
    h = await startHarness({ webRoot, demo: true });
    venueKey = (await h.server.ctx.keys.create({ role: 'venue' })).key;
  });
  after(async () => {
    await h.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  test('every kind of answer carries the security headers and no CORS headers', async () => {
    const cases: [string, string, number][] = [
      ['GET', '/', 200],
      ['GET', '/assets/app.js', 200],
      ['GET', '/v1/health', 200],
      ['GET', '/v1/accounts/alice', 200],
      ['GET', '/v1/nowhere', 404],
      ['GET', '/docs/', 200],
      ['GET', '/openapi.json', 200],
    ];
    for (const [method, path, status] of cases) {
      const answer = await h.call(method, path, { headers: { origin: 'https://evil.example' } });
      assert.equal(answer.status, status, `${method} ${path}: ${answer.text.slice(0, 200)}`);
      assertSecurityHeaders(answer, `${method} ${path}`);
    }
    assert.match(DOCS_CONTENT_SECURITY_POLICY, /style-src 'self' 'unsafe-inline'/);
    const unsafe = CONTENT_SECURITY_POLICY.split('; ').filter((directive) => directive.includes("'unsafe-"));
    assert.deepEqual(unsafe, ["style-src-attr 'unsafe-inline'"], 'the dashboard allows nothing unsafe but style attributes');
    const unauthenticated = await h.call('GET', '/v1/accounts/alice', { key: null });
    assert.equal(unauthenticated.status, 401);
    assertSecurityHeaders(unauthenticated, '401');
    const badJson = await h.call('POST', '/v1/commands', { rawBody: '{"type":' });
    assert.equal(badJson.status, 400);
    assertSecurityHeaders(badJson, 'bad JSON 400');
  });

  test('the demo key reaches the page in a meta tag, not an inline script the CSP would block', async () => {
    const page = await h.call('GET', '/');
    assert.match(page.text, new RegExp(`<meta name="margin-demo-key" content="${h.server.demoKey ?? 'missing'}">`));
    assert.doesNotMatch(page.text, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  });

  test('a preflight gets no CORS grant', async () => {
    const answer = await h.call('OPTIONS', '/v1/accounts/alice', {
      key: null,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(answer.headers.get('access-control-allow-origin'), null);
    assert.equal(answer.headers.get('access-control-allow-headers'), null);
    assertSecurityHeaders(answer, 'OPTIONS');
  });

  test('a bad percent-escape answers a problem+json 400 with the security headers', async () => {
    for (const path of ['/v1/accounts/%E0%A4%A', '/v1/accounts/%zz/risk', '/v1/keys/%']) {
      const answer = await h.call('GET', path);
      assert.equal(answer.status, 400, `${path}: ${answer.text}`);
      assert.match(answer.contentType, PROBLEM, path);
      assert.equal(answer.json['status'], 400);
      assert.equal(answer.json['type'], 'https://margin-engine.dev/problems/invalid-request');
      assert.match(String(answer.json['detail']), /percent-escape/);
      assert.equal(answer.json['code'], undefined, 'not fastify\'s default body');
      assertSecurityHeaders(answer, path);
    }
    // A path segment longer than any routable account id is problem+json too, never a default body.
    const long = await h.call('GET', `/v1/accounts/${'a'.repeat(ACCOUNT_ID_LENGTH_MAX * 9 + 1)}`);
    assert.ok(long.status >= 400 && long.status < 500, long.text.slice(0, 200));
    assert.match(long.contentType, PROBLEM);
    assert.equal(long.json['status'], long.status);
    assertSecurityHeaders(long, 'over-long segment');
  });

  test('a venue key on an admin-only route gets 403 whatever its body holds, before the body is read', async () => {
    const bodies: { rawBody?: string; body?: unknown; headers?: Record<string, string> }[] = [
      { rawBody: '{"role":' },
      { rawBody: 'not json at all' },
      { body: { role: 'nobody' } },
      { rawBody: '{"role":"admin"}', headers: { 'content-type': 'text/plain' } },
      { rawBody: '{"role":"admin"}', headers: { 'content-type': 'application/json; charset=latin1' } },
    ];
    for (const body of bodies) {
      const answer = await h.call('POST', '/v1/keys', { key: venueKey, ...body });
      assert.equal(answer.status, 403, `${JSON.stringify(body)}: ${answer.text}`);
      assert.match(answer.contentType, PROBLEM);
      assert.match(String(answer.json['detail']), /role "admin"/);
    }
    const instrument = await h.call('PUT', '/v1/instruments/BTCUSDT', { key: venueKey, rawBody: '{"broken' });
    assert.equal(instrument.status, 403, instrument.text);
    const revoke = await h.call('DELETE', '/v1/keys/whatever', { key: venueKey, rawBody: '{"broken' });
    assert.equal(revoke.status, 403, revoke.text);
    // Without a key: 401 before the body too.
    const anonymous = await h.call('POST', '/v1/keys', { key: null, rawBody: '{"role":' });
    assert.equal(anonymous.status, 401, anonymous.text);
    // With the role, the same bad body is still a 400 naming the body.
    const admin = await h.call('POST', '/v1/keys', { rawBody: '{"role":' });
    assert.equal(admin.status, 400, admin.text);
    assert.match(admin.contentType, PROBLEM);
  });
});
