import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ONE } from '@margin/core';
import { at } from '@margin/testkit';
import { fill, market } from '../testing/harness.js';
import { buildMarginCallConfig, nextLevel } from '../state/margin-call-config.js';

function calls(events: readonly { type: string; [k: string]: unknown }[]): string[] {
  return events.filter((event) => event.type.startsWith('marginCall')).map((event) => `${event.type}:${String(event['level'])}`);
}

describe('margin calls', () => {
  // alice: 1,000 USDT, long 1 BTC at 30,000 (MM 0.4% of the mark). Ratio = 0.004 m / (m - 29,000).
  const setup = () => {
    const h = market({}, ['alice'], '1000');
    h.run(fill('alice', 'buy', '1', '30000'));
    return h;
  };
  const price = (h: ReturnType<typeof setup>, mark: string, second: number) =>
    calls(h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: mark, time: at(second) }));

  it('emits one event per threshold crossed upward, naming the level and ratio', () => {
    const h = setup();
    assert.deepEqual(price(h, '29200', 2), []);
    const events = h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '29140', time: at(3) });
    const warning = events.find((event) => event.type === 'marginCall');
    assert.equal(warning?.['level'], 'warning');
    assert.equal(warning?.['ratio'], '0.8325714286');
    assert.deepEqual(price(h, '29125', 4), ['marginCall:call']);
    // At 29,110 the pool is liquidated; the restore (with the generic record's buffer) leaves it at
    // 79.9 % (0.592 BTC, equity 86.25, MM 68.93), so the call steps down within the same command.
    assert.deepEqual(price(h, '29110', 5), ['marginCall:liquidation', 'marginCallCleared:warning']);
  });

  it('does not flood while the ratio hovers at a threshold (hysteresis)', () => {
    const h = setup();
    assert.deepEqual(price(h, '29145', 2), ['marginCall:warning']); // 0.804
    assert.deepEqual(price(h, '29146', 3), []); // 0.7985: above 0.8 - 0.05
    assert.deepEqual(price(h, '29145', 4), []);
    assert.deepEqual(price(h, '29146', 5), []);
    assert.deepEqual(price(h, '29300', 6), ['marginCallCleared:none']); // 0.39
  });

  it('steps down level by level, only below each threshold - band', () => {
    const h = setup();
    // 1.06: liquidated; the restore and its buffer leave 0.592 BTC at 79.9 % (below call - band 0.85,
    // not below warning - band 0.75): one step down, to warning.
    assert.deepEqual(price(h, '29110', 2), ['marginCall:liquidation', 'marginCallCleared:warning']);
    // Ratio = 0.592 x m x 0.4% / (86.24624 + 0.592 (m - 29,110)).
    assert.deepEqual(price(h, '29118', 3), []); // 0.758: below 0.8, not below 0.75
    assert.deepEqual(price(h, '29120', 4), ['marginCallCleared:none']); // 0.748 < 0.75
  });

  it('a deposit that restores the ratio clears the call', () => {
    const h = setup();
    price(h, '29125', 2);
    assert.deepEqual(calls(h.run({ type: 'deposit', account: 'alice', asset: 'USDT', amount: '1000' })), ['marginCallCleared:none']);
  });

  it('treats equity <= 0 with maintenance > 0 as an infinite ratio', () => {
    const config = buildMarginCallConfig();
    assert.equal(nextLevel(config, 0, ONE, 0n), 3);
    assert.equal(nextLevel(config, 0, ONE, -ONE), 3);
    assert.equal(nextLevel(config, 3, 0n, -ONE), 0);
    assert.equal(nextLevel(config, 1, 79n * ONE, 100n * ONE), 1);
    assert.equal(nextLevel(config, 1, 74n * ONE, 100n * ONE), 0);
  });

  it('validates custom thresholds', () => {
    assert.throws(() => buildMarginCallConfig({ warning: '0.9', call: '0.8' }), /marginCallThresholds: must increase/);
    assert.throws(() => buildMarginCallConfig({ hysteresis: '0.9' }), /hysteresis: must be at least 0 and below/);
    assert.equal(buildMarginCallConfig({ warning: '0.5', hysteresis: '0' }).levels[0]?.ratio, ONE / 2n);
  });
});
