/**
 * Issue 14 defect 10: DNS rebinding. A page at http://evil.example:8080/ whose name the attacker
 * re-points at 127.0.0.1 is same-origin with a loopback server and could read the demo page (and
 * the admin key it held). A server bound to loopback answers only Host localhost, 127.0.0.1 or
 * [::1] with its port (plus --allowed-host names), 421 problem+json otherwise, upgrades included;
 * the demo key reaches only a page asked for under a loopback name.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { HostGuard } from './host-guard.js';
import { startHarness, type Harness } from './testing/harness.js';

interface Raw {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** A GET with a Host header of our choosing (fetch does not let a caller set Host). */
function getWithHost(url: string, path: string, host: string | null, key?: string): Promise<Raw> {
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (host !== null) headers['host'] = host;
    if (key !== undefined) headers['authorization'] = `Bearer ${key}`;
    const req = request({ hostname: target.hostname, port: target.port, path: target.pathname, method: 'GET', headers, setHost: host !== null, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Host check on loopback (DNS rebinding)', () => {
  let h: Harness;
  let webRoot: string;
  let port: string;

  before(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'margin-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>');
    h = await startHarness({ webRoot, demo: true, allowedHosts: ['margin.test'] });
    port = new URL(h.url).port;
  });
  after(async () => {
    await h.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  test('a foreign Host gets 421 problem+json and never the page or its key', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example', `localhost:1`, `127.0.0.2:${port}`, `localhost.evil.example:${port}`]) {
      for (const path of ['/', '/v1/health', '/v1/accounts/alice']) {
        const answer = await getWithHost(h.url, path, host, h.admin);
        assert.equal(answer.status, 421, `${host} ${path}: ${answer.body.slice(0, 200)}`);
        assert.match(answer.contentType, /^application\/problem\+json/);
        assert.match(answer.body, /is not served here/);
        assert.doesNotMatch(answer.body, /mk_/);
      }
    }
  });

  test('loopback names with the port get the page with the demo key', async () => {
    for (const host of [`localhost:${port}`, `LOCALHOST:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const answer = await getWithHost(h.url, '/', host);
      assert.equal(answer.status, 200, host);
      assert.match(answer.body, new RegExp(`<meta name="margin-demo-key" content="${h.server.demoKey ?? 'missing'}">`), host);
    }
  });

  test('an allowed name is served, but without the demo key (its origin is not loopback)', async () => {
    const page = await getWithHost(h.url, '/', `margin.test:${port}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, /margin-demo-key|mk_/);
    assert.equal((await getWithHost(h.url, '/v1/health', 'margin.test')).status, 200);
  });

  test('a WebSocket upgrade with a foreign Host is refused with 421', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${h.url.replace('http', 'ws')}/v1/stream`, { headers: { host: `evil.example:${port}` } });
      socket.once('unexpected-response', (upgrade, response) => {
        upgrade.destroy();
        resolve(response.statusCode ?? 0);
      });
      socket.once('open', () => reject(new Error('the upgrade was accepted')));
      socket.once('error', () => undefined);
    });
    assert.equal(status, 421);
  });

  test('off loopback the Host is not checked and no key is embedded; allow-list entries are checked', () => {
    const wide = new HostGuard([]);
    wide.bound('0.0.0.0', 8080);
    assert.equal(wide.refusal('anything.example:8080'), null);
    assert.equal(wide.mayEmbedKey('localhost:8080'), false);
    const local = new HostGuard([]);
    local.bound('127.0.0.1', 80);
    assert.equal(local.refusal('localhost'), null);
    assert.equal(local.mayEmbedKey('localhost'), true);
    assert.match(local.refusal(undefined) ?? '', /no Host header/);
    assert.throws(() => new HostGuard(['bad name/x']), /--allowed-host\[0\]: must be a host name/);
  });
});
