/**
 * Goal: the what-if verdict is the engine's own: what the engine then does with the same order.
 * Method: a real server on loopback (testing/harness.ts). For each case (accepted, beyond the
 * margin, hedge mode without and with a side, reduce-only that would increase, a fee with too many
 * digits, a hypothetical mark then an order), POST the what-if, then submit the same order as a
 * fill and compare: accepted or rejected alike, the same reject code and reason, the same filled
 * event (but its id and seq), and the what-if's `after` equals the account afterwards.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { whatIfResultSchema } from '@margin/wire';
import { startHarness, type Harness } from './testing/harness.js';
import { applyAccepted } from './testing/harness-roles.js';

interface Verdict {
  accepted: boolean;
  code?: string;
  reason?: string;
  command?: string;
}

describe('what-if verdict = the engine outcome of the same order', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await applyAccepted(h, [
      { type: 'deposit', id: 'v-g1', account: 'gus', asset: 'USDT', amount: '300' },
      { type: 'deposit', id: 'v-h1', account: 'hedy', asset: 'USDT', amount: '20000' },
      { type: 'setPositionMode', id: 'v-h2', account: 'hedy', mode: 'hedge' },
    ]);
  });
  after(async () => h.close());

  const cases: [string, string, Record<string, unknown>, string | null][] = [
    ['accepted', 'gus', { symbol: 'BTCUSDT', side: 'buy', size: '0.05', price: '30000', fee: '0.75' }, null],
    ['beyond the margin', 'gus', { symbol: 'BTCUSDT', side: 'buy', size: '2', price: '30000' }, 'initial_margin_insufficient'],
    ['hedge mode without a side', 'hedy', { symbol: 'BTCUSDT', side: 'buy', size: '0.1', price: '30000' }, 'position_side_required'],
    ['hedge mode with a side', 'hedy', { symbol: 'BTCUSDT', side: 'sell', size: '0.1', price: '30000', positionSide: 'short' }, null],
    ['hedge mode, reducing more than held', 'hedy', { symbol: 'BTCUSDT', side: 'buy', size: '0.5', price: '30000', positionSide: 'short' }, 'reduce_exceeds_position'],
    ['reduce-only that would increase', 'alice', { symbol: 'BTCUSDT', side: 'buy', size: '0.1', price: '30000', reduceOnly: true }, 'reduce_only_would_increase_position'],
    ['a fee with more digits than the asset', 'bob', { symbol: 'BTCUSDT', side: 'buy', size: '0.1', price: '30000', fee: '0.000000001' }, 'amount_precision_exceeded'],
    ['reduce-only close', 'bob', { symbol: 'BTCUSDT', side: 'buy', size: '0.5', price: '29000', reduceOnly: true }, null],
  ];

  for (const [name, account, order, code] of cases) {
    test(name, async () => {
      const whatIf = await h.call('POST', `/v1/accounts/${account}/what-if`, { body: { order } });
      assert.equal(whatIf.status, 200, whatIf.text);
      // The answer is the contract's shape, strictly (no field the contract does not name).
      assert.deepEqual(whatIfResultSchema.parse(whatIf.json), whatIf.json);
      const verdict = whatIf.json['verdict'] as Verdict;
      const previewed = whatIf.json['events'] as Record<string, unknown>[];
      const submitted = await h.call('POST', '/v1/commands', { body: { type: 'fill', id: `v-${name}`, account, ...order, time: '2026-01-01T00:00:00Z' } });
      assert.equal(submitted.status, 200, submitted.text);
      const result = (submitted.json['results'] as { status: string; events: Record<string, unknown>[] }[])[0];
      const applied = result?.events ?? [];
      assert.equal(verdict.accepted, result?.status === 'accepted', `${name}: ${JSON.stringify(verdict)} vs ${JSON.stringify(result)}`);
      assert.equal(verdict.code ?? null, code);
      if (code !== null) {
        assert.equal(applied[0]?.['code'], code);
        assert.equal(verdict.reason, applied[0]?.['reason']);
        assert.equal(verdict.command, 'fill');
      } else {
        const strip = ({ seq: _seq, commandId: _id, time: _time, ...rest }: Record<string, unknown>) => rest;
        assert.deepEqual(previewed.map(strip), applied.map(strip), 'the same events');
      }
      assert.deepEqual(whatIf.json['after'], (await h.call('GET', `/v1/accounts/${account}`)).json, 'after = the account once applied');
    });
  }

  test('a hypothetical mark then an order: the prices command is part of the answer, nothing is journaled', async () => {
    const seq = h.server.ctx.host.lastSeq;
    const whatIf = await h.call('POST', '/v1/accounts/alice/what-if', { body: { prices: { BTCUSDT: '27500' }, order: { symbol: 'BTCUSDT', side: 'buy', size: '0.2', price: '27500' } } });
    assert.equal(whatIf.status, 200, whatIf.text);
    assert.deepEqual((whatIf.json['commands'] as { type: string }[]).map((c) => c.type), ['prices', 'fill']);
    const afterRisk = whatIf.json['after'] as { positions: { markPrice: string }[] };
    assert.equal(afterRisk.positions[0]?.markPrice, '27500');
    assert.equal(h.server.ctx.host.lastSeq, seq, 'nothing journaled');
    assert.equal((await h.call('GET', '/v1/accounts/alice')).json['positions'] !== undefined, true);
  });
});
