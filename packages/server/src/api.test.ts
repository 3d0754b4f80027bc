/**
 * The HTTP API on a real loopback server over a real SQLite journal: auth and roles, problem+json
 * with field paths, limits, commands and idempotency, risk in the `margin risk --json` shape, what-if.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accountRiskJson } from '@margin/engine';
import { BTCUSDT_LINEAR_3TIER_TAKER_5BP } from '@margin/testkit';
import { startHarness, type Harness } from './testing/harness.js';
import { startRoleHarness } from './testing/harness-roles.js';

const PROBLEM = /^application\/problem\+json/;

describe('HTTP API', () => {
  let h: Harness;
  let aliceKey: string;
  let venueKey: string;

  before(async () => {
    ({ h, aliceKey, venueKey } = await startRoleHarness());
  });
  after(async () => h.close());

  describe('authentication and roles', () => {
    test('no key: 401 problem+json on every API route', async () => {
      for (const path of ['/v1/overview', '/v1/accounts', '/v1/accounts/alice', '/v1/events', '/v1/keys', '/v1/me']) {
        const answer = await h.call('GET', path, { key: null });
        assert.equal(answer.status, 401, path);
        assert.match(answer.contentType, PROBLEM);
        assert.equal(answer.json['type'], 'https://margin-engine.dev/problems/unauthenticated');
        assert.equal(answer.json['instance'], path);
      }
      const post = await h.call('POST', '/v1/commands', { key: null, body: { type: 'deposit', id: 'x', account: 'a', asset: 'USDT', amount: '1' } });
      assert.equal(post.status, 401);
    });

    test('a wrong or malformed key is refused the same way', async () => {
      const forged = `${h.admin.slice(0, -4)}AAAA`;
      for (const key of [forged, 'mk_000000000000_' + 'A'.repeat(43), 'not-a-key']) {
        const answer = await h.call('GET', '/v1/me', { key });
        assert.equal(answer.status, 401);
        assert.equal(answer.json['detail'], 'the API key is not valid');
      }
    });

    test('keys are stored hashed: the journal meta holds no key text', async () => {
      const stored = (await h.server.ctx.host.journal.readMeta('server.apiKeys')) ?? '';
      // The whole secret (base64url may itself contain '_'): after `mk_` and the 12-digit id.
      const secret = h.admin.slice('mk_'.length + 12 + 1);
      assert.equal(secret.length, 43);
      assert.ok(stored.length > 0);
      assert.ok(!stored.includes(secret), 'the secret is not stored');
      const listed = await h.call('GET', '/v1/keys');
      assert.equal(listed.status, 200);
      assert.ok(!listed.text.includes('hash') && !listed.text.includes('salt'));
    });

    test('an account key reads its own account', async () => {
      const answer = await h.call('GET', '/v1/accounts/alice', { key: aliceKey });
      assert.equal(answer.status, 200);
      assert.equal((answer.json['account'] as Record<string, unknown>)['settle'], 'USDT');
    });

    test('an account key asking for another account gets exactly what a missing account gets', async () => {
      const other = await h.call('GET', '/v1/accounts/bob', { key: aliceKey });
      const missing = await h.call('GET', '/v1/accounts/nobody', { key: aliceKey });
      assert.equal(other.status, 404);
      assert.equal(missing.status, 404);
      assert.match(other.contentType, PROBLEM);
      const strip = (json: Record<string, unknown>) => ({ ...json, detail: String(json['detail']).replace(/"[^"]*"/, '"?"'), instance: null });
      assert.deepEqual(strip(other.json), strip(missing.json));
      for (const path of ['/v1/accounts/bob/risk', '/v1/accounts/bob/positions', '/v1/accounts/bob/events']) {
        assert.equal((await h.call('GET', path, { key: aliceKey })).status, 404, path);
      }
      const whatIf = await h.call('POST', '/v1/accounts/bob/what-if', { key: aliceKey, body: { prices: { BTCUSDT: '25000' } } });
      assert.equal(whatIf.status, 404);
    });

    test('an account key may not list accounts, read the book or submit commands', async () => {
      for (const path of ['/v1/accounts', '/v1/overview', '/v1/risk/accounts', '/v1/events', '/v1/keys']) {
        const answer = await h.call('GET', path, { key: aliceKey });
        assert.equal(answer.status, 403, path);
        assert.match(answer.contentType, PROBLEM);
      }
      const post = await h.call('POST', '/v1/commands', { key: aliceKey, body: { type: 'deposit', id: 'steal', account: 'alice', asset: 'USDT', amount: '1000000' } });
      assert.equal(post.status, 403);
    });

    test('a venue key submits market and account commands but not risk parameters', async () => {
      const deposit = await h.call('POST', '/v1/commands', { key: venueKey, body: { type: 'deposit', id: 'venue-d1', account: 'carol', asset: 'USDT', amount: '100' } });
      assert.equal(deposit.status, 200);
      const instrument = await h.call('POST', '/v1/commands', { key: venueKey, body: { type: 'instrument', id: 'venue-i1', instrument: { ...BTCUSDT_LINEAR_3TIER_TAKER_5BP, symbol: 'ETHUSDT' } } });
      assert.equal(instrument.status, 403);
      assert.match(String(instrument.json['detail']), /role "venue" may not submit "instrument"/);
      const put = await h.call('PUT', '/v1/instruments/ETHUSDT', { key: venueKey, body: { id: 'venue-i2', instrument: { ...BTCUSDT_LINEAR_3TIER_TAKER_5BP, symbol: 'ETHUSDT' } } });
      assert.equal(put.status, 403);
      const keys = await h.call('POST', '/v1/keys', { key: venueKey, body: { role: 'admin' } });
      assert.equal(keys.status, 403);
    });

    test('admin creates an account key that works at once and can revoke it', async () => {
      const created = await h.call('POST', '/v1/keys', { body: { role: 'account', account: 'bob', label: 'bob app' } });
      assert.equal(created.status, 201);
      const key = created.json['key'] as string;
      assert.match(key, /^mk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      assert.equal((await h.call('GET', '/v1/accounts/bob', { key })).status, 200);
      const revoked = await h.call('DELETE', `/v1/keys/${created.json['id'] as string}`);
      assert.equal(revoked.status, 204);
      assert.equal((await h.call('GET', '/v1/accounts/bob', { key })).status, 401);
    });
  });

  describe('bad input: 400 problem+json naming the field and the rule', () => {
    test('malformed JSON', async () => {
      const answer = await h.call('POST', '/v1/commands', { rawBody: '{"type":"deposit",' });
      assert.equal(answer.status, 400);
      assert.match(answer.contentType, PROBLEM);
      assert.equal((answer.json['errors'] as { path: string }[])[0]?.path, 'body');
      assert.match(String(answer.json['detail']), /^body: is not valid JSON/);
    });

    test('a JSON number where a decimal string is required', async () => {
      const answer = await h.call('POST', '/v1/commands', { body: { type: 'deposit', id: 'n1', account: 'alice', asset: 'USDT', amount: 100 } });
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.json['errors'], [{ path: 'body.amount', rule: 'must be a decimal string like "123.45" (JSON numbers are not accepted), got number 100' }]);
    });

    test('the path points into a batch, and nothing of a bad batch is applied', async () => {
      const before = h.server.ctx.host.lastSeq;
      const answer = await h.call('POST', '/v1/commands', {
        body: {
          commands: [
            { type: 'deposit', id: 'b1', account: 'alice', asset: 'USDT', amount: '1' },
            { type: 'fill', id: 'b2', account: 'alice', symbol: 'BTCUSDT', side: 'buy', size: '0', price: '30000', time: '2026-01-01T00:00:02Z' },
          ],
        },
      });
      assert.equal(answer.status, 400);
      assert.equal((answer.json['errors'] as { path: string; rule: string }[])[0]?.path, 'body.commands[1].size');
      assert.equal((answer.json['errors'] as { path: string; rule: string }[])[0]?.rule, 'must be greater than 0, got "0"');
      assert.equal(h.server.ctx.host.lastSeq, before);
    });

    test('unknown fields, unknown command types, wrong types', async () => {
      const cases: [unknown, string][] = [
        [{ type: 'deposit', id: 'u1', account: 'alice', asset: 'USDT', amount: '1', amout: '2' }, 'body.amout'],
        [{ type: 'teleport', id: 'u2' }, 'body.type'],
        [{ type: 'deposit', id: 'u3', account: 7, asset: 'USDT', amount: '1' }, 'body.account'],
        [[1, 2], 'body'],
        [{ commands: 'all' }, 'body.commands'],
        [{ commands: [] }, 'body.commands'],
      ];
      for (const [body, path] of cases) {
        const answer = await h.call('POST', '/v1/commands', { body });
        assert.equal(answer.status, 400, JSON.stringify(body));
        assert.equal((answer.json['errors'] as { path: string }[])[0]?.path, path, JSON.stringify(answer.json));
      }
    });

    test('query parameters and what-if bodies name their field too', async () => {
      const limit = await h.call('GET', '/v1/risk/accounts?limit=abc');
      assert.equal(limit.status, 400);
      assert.equal((limit.json['errors'] as { path: string }[])[0]?.path, 'query.limit');
      const whatIf = await h.call('POST', '/v1/accounts/alice/what-if', { body: { order: { symbol: 'BTCUSDT', side: 'buy', size: '-1', price: '30000' } } });
      assert.equal(whatIf.status, 400);
      assert.equal((whatIf.json['errors'] as { path: string }[])[0]?.path, 'body.order.size');
      const empty = await h.call('POST', '/v1/accounts/alice/what-if', { body: {} });
      assert.equal(empty.status, 400);
    });

    test('a body over the size limit is 413 problem+json; a non-JSON body is 415', async () => {
      const big = await h.call('POST', '/v1/commands', { rawBody: JSON.stringify({ type: 'deposit', id: 'x'.repeat(2 * 1024 * 1024) }) });
      assert.equal(big.status, 413);
      assert.match(big.contentType, PROBLEM);
      const text = await h.call('POST', '/v1/commands', { rawBody: 'type=deposit', headers: { 'content-type': 'text/plain' } });
      assert.equal(text.status, 415);
      assert.match(text.contentType, PROBLEM);
    });

    test('an unknown route is a 404 problem', async () => {
      const answer = await h.call('GET', '/v1/nothing-here');
      assert.equal(answer.status, 404);
      assert.match(answer.contentType, PROBLEM);
    });
  });

  describe('commands and reads', () => {
    test('a business rejection is journaled and answered with the engine code', async () => {
      const answer = await h.call('POST', '/v1/commands', { body: { type: 'withdraw', id: 'w-too-much', account: 'alice', asset: 'USDT', amount: '1000000' } });
      assert.equal(answer.status, 200);
      const result = (answer.json['results'] as { status: string; events: { type: string; code: string }[] }[])[0];
      assert.equal(result?.status, 'rejected');
      assert.equal(result?.events[0]?.code, 'available_balance_insufficient');
    });

    test('the same command id twice is applied once', async () => {
      const body = { type: 'deposit', id: 'idem-1', account: 'dave', asset: 'USDT', amount: '50' };
      const first = await h.call('POST', '/v1/commands', { body });
      const second = await h.call('POST', '/v1/commands', { body });
      const r1 = (first.json['results'] as { status: string; seq: number }[])[0];
      const r2 = (second.json['results'] as { status: string; seq: number }[])[0];
      assert.equal(r1?.status, 'accepted');
      assert.equal(r2?.status, 'duplicate');
      assert.equal(r2?.seq, r1?.seq);
      const risk = await h.call('GET', '/v1/accounts/dave');
      assert.equal((risk.json['account'] as Record<string, string>)['walletBalance'], '50');
    });

    test('account risk is the engine\'s `margin risk --json` shape', async () => {
      const answer = await h.call('GET', '/v1/accounts/alice/risk');
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.json, JSON.parse(JSON.stringify(await h.server.ctx.host.read(({ state }) => accountRiskJson(state, 'alice')))));
      const position = (answer.json['positions'] as Record<string, unknown>[])[0];
      assert.equal(position?.['symbol'], 'BTCUSDT');
      assert.equal(position?.['initialMargin'], '3000');
      assert.equal(typeof position?.['liquidationPrice'], 'string');
      const positions = await h.call('GET', '/v1/accounts/alice/positions');
      assert.deepEqual(positions.json, { account: 'alice', settle: 'USDT', positions: answer.json['positions'] });
    });

    test('accounts at risk are sorted by margin ratio, highest first; overview and distribution answer', async () => {
      await h.server.ctx.board.nextPass();
      const list = await h.call('GET', '/v1/risk/accounts?limit=10');
      const accounts = list.json['accounts'] as { account: string; marginRatio: string }[];
      assert.deepEqual(accounts.map((a) => a.account), ['alice', 'bob']);
      assert.ok(Number(accounts[0]?.marginRatio) >= Number(accounts[1]?.marginRatio));
      const overview = await h.call('GET', '/v1/overview');
      assert.equal(overview.json['accounts'], 4, 'alice, bob, carol, dave');
      const interest = overview.json['openInterest'] as { symbol: string; contracts: string; holders: number }[];
      assert.deepEqual(interest, [{ symbol: 'BTCUSDT', settle: 'USDT', contracts: '1', notional: '30000.00', holders: 2, markPrice: '30000' }]);
      assert.deepEqual(Object.keys(overview.json['insuranceFund'] as object).sort(), ['BTC', 'USDT']);
      const distribution = await h.call('GET', '/v1/risk/distribution');
      assert.equal((distribution.json['buckets'] as { accounts: number }[]).reduce((n, b) => n + b.accounts, 0), 2);
    });

    test('marks, funding history and the OpenAPI document', async () => {
      const marks = await h.call('GET', '/v1/markets/BTCUSDT/marks');
      assert.deepEqual(marks.json['marks'], [{ time: '2026-01-01T00:00:00.000Z', markPrice: '30000', indexPrice: '30001' }]);
      await h.call('POST', '/v1/commands', {
        body: {
          commands: [
            { type: 'fundingRate', id: 'fr1', symbol: 'BTCUSDT', rate: '0.0001', time: '2026-01-01T00:00:02Z' },
            { type: 'settleFunding', id: 'sf1', symbol: 'BTCUSDT', time: '2026-01-01T08:00:00Z' },
          ],
        },
      });
      const funding = await h.call('GET', '/v1/funding?symbol=BTCUSDT');
      const items = (funding.json['funding'] as Record<string, { kind: string; rate: string }[]>)['BTCUSDT'] ?? [];
      assert.deepEqual(items.map((i) => [i.kind, i.rate]), [['rate', '0.0001'], ['settlement', '0.0001']]);
      const openapi = await h.call('GET', '/openapi.json', { key: null });
      assert.equal(openapi.status, 200);
      assert.equal(openapi.json['openapi'], '3.1.0');
      const paths = Object.keys(openapi.json['paths'] as object);
      for (const path of ['/v1/accounts/{account}', '/v1/accounts/{account}/what-if', '/v1/commands', '/v1/funding', '/v1/events', '/v1/keys']) assert.ok(paths.includes(path), path);
      const docs = await fetch(`${h.url}/docs/`);
      assert.equal(docs.status, 200);
      assert.match(await docs.text(), /swagger/i);
    });
  });

  describe('what-if', () => {
    test('a hypothetical order changes nothing, and matches the engine once the order is real', async () => {
      const seq = h.server.ctx.host.lastSeq;
      const before = await h.call('GET', '/v1/accounts/bob');
      const order = { symbol: 'BTCUSDT', side: 'sell', size: '0.25', price: '30000' };
      const whatIf = await h.call('POST', '/v1/accounts/bob/what-if', { body: { order } });
      assert.equal(whatIf.status, 200, whatIf.text);
      assert.equal(h.server.ctx.host.lastSeq, seq, 'nothing journaled');
      assert.deepEqual((await h.call('GET', '/v1/accounts/bob')).json, before.json, 'state unchanged');
      const predicted = whatIf.json['after'] as { account: Record<string, string>; positions: Record<string, string>[] };
      await h.call('POST', '/v1/commands', { body: { type: 'fill', id: 'bob-more', account: 'bob', ...order, fee: '0', time: '2026-01-01T08:00:01Z' } });
      const actual = (await h.call('GET', '/v1/accounts/bob')).json as typeof predicted;
      assert.deepEqual(predicted.positions, actual.positions);
      assert.deepEqual(predicted.account, actual.account);
    });

    test('isolated growth, reduction and flip, and an inverse close: what-if equals the engine after the fill', async () => {
      const setup = await h.call('POST', '/v1/commands', {
        body: {
          commands: [
            { type: 'deposit', id: 'wi-e1', account: 'erin', asset: 'USDT', amount: '10000' },
            { type: 'setMarginMode', id: 'wi-e2', account: 'erin', symbol: 'BTCUSDT', mode: 'isolated' },
            { type: 'setLeverage', id: 'wi-e3', account: 'erin', symbol: 'BTCUSDT', leverage: '20' },
            { type: 'fill', id: 'wi-e4', account: 'erin', symbol: 'BTCUSDT', side: 'buy', size: '0.5', price: '30000', time: '2026-01-01T08:00:02Z' },
            { type: 'deposit', id: 'wi-f1', account: 'finn', asset: 'BTC', amount: '1' },
            { type: 'fill', id: 'wi-f2', account: 'finn', symbol: 'BTCUSD', side: 'sell', size: '100', price: '30000', time: '2026-01-01T08:00:02Z' },
          ],
        },
      });
      for (const result of setup.json['results'] as { status: string }[]) assert.equal(result.status, 'accepted');
      const cases: [string, Record<string, string>][] = [
        ['erin', { symbol: 'BTCUSDT', side: 'buy', size: '0.3', price: '30100' }],
        ['erin', { symbol: 'BTCUSDT', side: 'sell', size: '0.2', price: '29900' }],
        ['erin', { symbol: 'BTCUSDT', side: 'sell', size: '1', price: '30000' }],
        ['finn', { symbol: 'BTCUSD', side: 'sell', size: '50', price: '30000' }],
        ['finn', { symbol: 'BTCUSD', side: 'buy', size: '150', price: '30000' }],
      ];
      for (const [index, [account, order]] of cases.entries()) {
        const whatIf = await h.call('POST', `/v1/accounts/${account}/what-if`, { body: { order } });
        assert.equal(whatIf.status, 200, whatIf.text);
        const applied = await h.call('POST', '/v1/commands', { body: { type: 'fill', id: `wi-case-${index}`, account, ...order, time: '2026-01-01T08:00:03Z' } });
        assert.equal((applied.json['results'] as { status: string }[])[0]?.status, 'accepted');
        assert.deepEqual(whatIf.json['after'], (await h.call('GET', `/v1/accounts/${account}`)).json, `${account} ${order['side']} ${order['size']}`);
      }
    });

    test('a price scenario moves the margin ratio and keeps the liquidation price', async () => {
      const answer = await h.call('POST', '/v1/accounts/alice/what-if', { body: { prices: { BTCUSDT: '28000' } } });
      assert.equal(answer.status, 200);
      const b = answer.json['before'] as { account: { marginRatio: string }; positions: { liquidationPrice: string }[] };
      const a = answer.json['after'] as typeof b;
      assert.ok(Number(a.account.marginRatio) > Number(b.account.marginRatio));
      assert.equal(a.positions[0]?.liquidationPrice, b.positions[0]?.liquidationPrice);
    });

    test('an unknown symbol is a 400 on the field', async () => {
      const answer = await h.call('POST', '/v1/accounts/alice/what-if', { body: { order: { symbol: 'DOGEUSDT', side: 'buy', size: '1', price: '1' } } });
      assert.equal(answer.status, 400);
      assert.equal((answer.json['errors'] as { path: string }[])[0]?.path, 'body.order.symbol');
    });
  });
});

describe('rate limits per key', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({}, false);
  });
  after(async () => h.close());

  test('a key over its limit gets 429 problem+json; other keys are unaffected', async () => {
    const limited = (await h.server.ctx.keys.create({ role: 'venue', rateLimitPerMinute: 3 })).key;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await h.call('GET', '/v1/me', { key: limited })).status);
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    const answer = await h.call('GET', '/v1/me', { key: limited });
    assert.match(answer.contentType, PROBLEM);
    assert.equal(answer.json['type'], 'https://margin-engine.dev/problems/rate-limited');
    assert.equal((await h.call('GET', '/v1/me')).status, 200);
  });
});
