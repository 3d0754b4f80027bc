/**
 * Accounts in portfolio margin (docs/portfolio-margin.md, "Accounts in portfolio margin"): the
 * command and its refusals, the requirement equal to `margin risk` on the same positions and marks
 * (core's `portfolioRiskReport`, the CLI's code), liquidation exactly where equity crosses the
 * portfolio maintenance, the risk-reducing close order, preview and snapshot round trip.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatFixed, parseFixed, portfolioRiskReport } from '@margin/core';
import { BTCUSDT_FUTURE_T0_PLUS_1D, at } from '@margin/testkit';
import { Harness, fill, market } from '../testing/harness.js';
import { accountRiskJson } from '../report/account-risk.js';
import { preview } from '../preview/preview.js';
import { parseCommand } from '../commands/parse-command.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState } from '../snapshot/snapshot.js';
import type { EngineEvent } from '../apply/apply-command.js';
import { riskJsonSchema } from '@margin/wire';

const codeOf = (events: EngineEvent[]): string | null => {
  const rejected = events.find((e) => e.type === 'rejected');
  return rejected === undefined ? null : String(rejected['code']);
};

/** `margin risk` input of the account's positions at the engine's marks (linear futures, multiplier = contract size 1). */
function marginRiskInput(h: Harness, account: string, unit: string, time: string): Record<string, unknown> {
  const found = h.state.accounts.get(account);
  assert.ok(found !== undefined);
  const positions = [...found.positions.values()]
    .filter((p) => p.symbol.startsWith(unit))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((p) => {
      const market = h.state.markets.get(p.symbol);
      assert.ok(market !== undefined && market.markPrice !== null);
      const expiry = market.instrument.expiryMs;
      return {
        id: p.key,
        kind: 'future',
        quantity: formatFixed(p.size),
        multiplier: formatFixed(market.instrument.contractSize),
        forward: formatFixed(market.markPrice),
        ...(expiry === null ? {} : { expiry: new Date(expiry).toISOString() }),
      };
    });
  return { profile: 'okx-pm', currency: unit, time, positions };
}

/** The engine's requirement and `margin risk`'s, summed over the account's risk units. */
function bothRequirements(h: Harness, account: string, time: string): { engine: { mm: string; im: string }; cli: { mm: bigint; im: bigint } } {
  const json = accountRiskJson(h.state, account, 'USDT');
  assert.ok(json !== null);
  let mm = 0n;
  let im = 0n;
  for (const unit of ['BTC', 'ETH']) {
    const input = marginRiskInput(h, account, unit, time);
    if ((input['positions'] as unknown[]).length === 0) continue;
    const { report } = portfolioRiskReport(input);
    mm += parseFixed(report.maintenance);
    im += parseFixed(report.initial);
  }
  return { engine: { mm: json.account.maintenanceMargin, im: json.account.initialMargin }, cli: { mm, im } };
}

describe('setPortfolioMargin', () => {
  it('refuses unknown and file-based models, isolated settings and symbols the model has no parameters for', () => {
    const h = market({}, ['alice', 'bob', 'carol']);
    assert.equal(codeOf(h.run({ type: 'setPortfolioMargin', account: 'nobody', model: 'okx-pm' })), 'account_not_found');
    assert.equal(codeOf(h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'nope' })), 'portfolio_model_unknown');
    assert.equal(codeOf(h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'span' })), 'span_parameters_unknown'); // span needs a loaded parameter set (ADR 0035)
    h.run({ type: 'setMarginMode', account: 'alice', symbol: 'ETHUSDT', mode: 'isolated' });
    assert.equal(codeOf(h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'okx-pm' })), 'portfolio_isolated_not_allowed');
    // deribit-pm keys its grids by settlement currency: no USDT grid.
    h.run(fill('bob', 'buy', '0.1', '30000'));
    const refused = h.run({ type: 'setPortfolioMargin', account: 'bob', model: 'deribit-pm' });
    assert.equal(codeOf(refused), 'portfolio_model_cannot_hold');
    assert.match(String(refused[0]?.['reason']), /settle asset USDT of BTCUSDT/);
    // Accepted: then isolated and unheld symbols are refused, and "off" goes back.
    const set = h.run({ type: 'setPortfolioMargin', account: 'carol', model: 'okx-pm' });
    assert.deepEqual(set.map((e) => e.type), ['portfolioMarginSet']);
    assert.equal(set[0]?.['model'], 'okx-pm');
    assert.equal(codeOf(h.run({ type: 'setMarginMode', account: 'carol', symbol: 'BTCUSDT', mode: 'isolated' })), 'portfolio_isolated_not_allowed');
    h.run({ type: 'setPortfolioMargin', account: 'bob', model: 'okx-pm' });
    h.run({ type: 'setPortfolioMargin', account: 'bob', model: 'deribit-pm' }); // still refused, stays okx-pm
    assert.equal(h.state.accounts.get('bob')?.portfolioModel, 'okx-pm');
    const off = h.run({ type: 'setPortfolioMargin', account: 'carol', model: 'off' });
    assert.equal(off[0]?.['model'], null);
    assert.equal(h.state.accounts.get('carol')?.portfolioModel, null);
  });

  it('refuses going back to per-position margin when the tiers need more than the equity holds', () => {
    const h = market({}, ['alice'], '5000');
    h.run({ type: 'instrument', instrument: BTCUSDT_FUTURE_T0_PLUS_1D });
    h.run({ type: 'price', symbol: 'BTCUSDT-260102', markPrice: '30000', time: at(0) });
    h.run({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '2' });
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'okx-pm' });
    // The long alone needs 1.3 x 12.2 % x 30,000 = 4,758 in portfolio (leverage plays no part there);
    // the hedge then needs 1.3 x MR7 (0.45 % of 60,000) = 351, but 15,000 at leverage 2 per position.
    assert.equal(codeOf(h.run(fill('alice', 'buy', '1', '30000'))), null);
    assert.equal(codeOf(h.run(fill('alice', 'sell', '1', '30000', { symbol: 'BTCUSDT-260102' }))), null);
    assert.equal(codeOf(h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'off' })), 'initial_margin_insufficient');
    assert.equal(h.state.accounts.get('alice')?.portfolioModel, 'okx-pm');
  });
});

describe('portfolio requirement', () => {
  it('equals margin risk (okx-pm) on the same positions and marks, hedged and not, over random books', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 12; round++) {
      const h = market({}, ['alice'], '100000000');
      h.run({ type: 'instrument', instrument: BTCUSDT_FUTURE_T0_PLUS_1D });
      h.run({ type: 'price', symbol: 'BTCUSDT-260102', markPrice: '30000', time: at(0) });
      h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'okx-pm' });
      const lots = (n: number, lot: number, decimals: number): string => (Math.max(1, Math.floor(random() * n)) * lot).toFixed(decimals);
      const side = (): 'buy' | 'sell' => (random() < 0.5 ? 'buy' : 'sell');
      h.run(fill('alice', side(), lots(5000, 0.001, 3), '30000'));
      h.run(fill('alice', side(), lots(5000, 0.001, 3), '30000', { symbol: 'BTCUSDT-260102' }));
      if (round % 2 === 0) h.run(fill('alice', side(), lots(3000, 0.01, 2), '2000', { symbol: 'ETHUSDT' }));
      const time = at(60 + round);
      h.run({
        type: 'prices',
        time,
        prices: [
          { symbol: 'BTCUSDT', markPrice: (25000 + Math.floor(random() * 100000) / 10).toFixed(1) },
          { symbol: 'BTCUSDT-260102', markPrice: (25000 + Math.floor(random() * 100000) / 10).toFixed(1) },
          { symbol: 'ETHUSDT', markPrice: (1500 + Math.floor(random() * 100000) / 100).toFixed(2) },
        ],
      });
      const { engine, cli } = bothRequirements(h, 'alice', time);
      assert.equal(engine.mm, formatFixed(cli.mm), `round ${round}: maintenance`);
      assert.equal(engine.im, formatFixed(cli.im), `round ${round}: initial`);
    }
  });

  it('margins a calendar hedge below the sum of its legs margined alone', () => {
    const h = market({}, ['alice', 'bob'], '100000');
    h.run({ type: 'instrument', instrument: BTCUSDT_FUTURE_T0_PLUS_1D });
    h.run({ type: 'price', symbol: 'BTCUSDT-260102', markPrice: '30000', time: at(0) });
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'okx-pm' });
    for (const account of ['alice', 'bob']) {
      h.run(fill(account, 'buy', '2', '30000'));
      h.run(fill(account, 'sell', '2', '30000', { symbol: 'BTCUSDT-260102' }));
    }
    const pm = accountRiskJson(h.state, 'alice', 'USDT');
    const tiers = accountRiskJson(h.state, 'bob', 'USDT');
    assert.ok(pm !== null && tiers !== null);
    // MR7 binds: 0.45 % of 120,000 notional = 540; MR1 is 0 (the legs cancel), MR4 = 0.2 % = 240.
    assert.equal(pm.account.maintenanceMargin, '540');
    assert.equal(pm.account.initialMargin, '702');
    assert.ok(parseFixed(pm.account.maintenanceMargin) < parseFixed(tiers.account.maintenanceMargin));
  });
});

describe('portfolio liquidation', () => {
  it('starts exactly when equity crosses the portfolio maintenance (price by price, one tick apart)', () => {
    const h = market({}, ['alice', 'bob'], '10000');
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'okx-pm' });
    h.run(fill('alice', 'buy', '1', '30000'));
    h.run(fill('bob', 'sell', '1', '30000'));
    // MM = max(MR1 + MR4, MR6, MR7) = (12 % + 0.2 %) x mark; equity = 10,000 + mark - 30,000:
    // the crossing is at 20,000 / 0.878 = 22,779.04...
    let liquidatedAt: string | null = null;
    for (let tenths = 227850; tenths >= 227730 && liquidatedAt === null; tenths--) {
      const mark = (tenths / 10).toFixed(1);
      const time = at(100 + (227850 - tenths));
      const events = h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: mark, time });
      const started = events.some((e) => e.type === 'liquidationStarted' && e['account'] === 'alice');
      const { report } = portfolioRiskReport({ profile: 'okx-pm', currency: 'BTC', time, positions: [{ id: 'BTCUSDT', kind: 'future', quantity: '1', forward: mark }] });
      const equity = parseFixed('10000') + parseFixed(mark) - parseFixed('30000');
      assert.equal(started, equity < parseFixed(report.maintenance), `at ${mark}: equity ${formatFixed(equity)}, maintenance ${report.maintenance}`);
      if (started) liquidatedAt = mark;
    }
    assert.equal(liquidatedAt, '22779.0');
  });

  it('closes first the position whose close lowers the portfolio requirement most', () => {
    // Requirement: BTC hedge MR7 270 (IM 351) + ETH 12.2 % of 20,000 = 2,440 (IM 3,172); at ETH 1,800
    // equity is 2,000 < 270 + 2,196: closing ETH leaves 270, closing a BTC leg would leave it unhedged.
    const h = market({}, ['alice', 'bob'], '5000');
    h.run({ type: 'instrument', instrument: BTCUSDT_FUTURE_T0_PLUS_1D });
    h.run({ type: 'price', symbol: 'BTCUSDT-260102', markPrice: '30000', time: at(0) });
    h.run({ type: 'deposit', account: 'bob', asset: 'USDT', amount: '1000000' });
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'okx-pm' });
    // A BTC calendar hedge (cheap in portfolio) and an outright ETH long (what is at risk).
    h.run(fill('alice', 'buy', '1', '30000'));
    h.run(fill('alice', 'sell', '1', '30000', { symbol: 'BTCUSDT-260102' }));
    // The withdrawal is checked against the portfolio initial margin (351 once hedged).
    assert.equal(codeOf(h.run({ type: 'withdraw', account: 'alice', asset: 'USDT', amount: '1000' })), null);
    assert.equal(codeOf(h.run(fill('alice', 'buy', '10', '2000', { symbol: 'ETHUSDT' }))), null);
    h.run(fill('bob', 'sell', '1', '30000'));
    h.run(fill('bob', 'buy', '1', '30000', { symbol: 'BTCUSDT-260102' }));
    h.run(fill('bob', 'sell', '10', '2000', { symbol: 'ETHUSDT' }));
    const events = h.run({ type: 'price', symbol: 'ETHUSDT', markPrice: '1800', time: at(10) });
    const fills = events.filter((e) => e.type === 'liquidationFill' && e['account'] === 'alice');
    assert.ok(fills.length > 0, JSON.stringify(events.map((e) => e.type)));
    assert.equal(fills[0]?.['symbol'], 'ETHUSDT');
    const ended = events.find((e) => e.type === 'liquidationEnded' && e['account'] === 'alice');
    assert.equal(ended?.['outcome'], 'restored');
    // The hedge is kept whole.
    assert.equal(h.state.accounts.get('alice')?.positions.has('BTCUSDT'), true);
    assert.equal(h.state.accounts.get('alice')?.positions.has('BTCUSDT-260102'), true);
  });
});

describe('portfolio accounts in preview and snapshots', () => {
  it('preview of an order shows the portfolio requirement after it and changes nothing', () => {
    const h = market({}, ['alice']);
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'okx-pm' });
    const result = preview(h.state, parseCommand({ type: 'fill', id: 'p1', account: 'alice', symbol: 'BTCUSDT', side: 'buy', size: '0.1', price: '30000', time: at(1) }));
    assert.equal(result.verdict.accepted, true);
    const after = result.accounts.find((a) => a.account === 'alice')?.after;
    assert.ok(after !== null && after !== undefined);
    // 0.1 BTC long: MR1 + MR4 = 12.2 % x 3,000 = 366; initial 1.3 x = 475.8.
    assert.equal(after.account.maintenanceMargin, '366');
    assert.equal(after.account.initialMargin, '475.8');
    assert.equal(h.state.accounts.get('alice')?.positions.size, 0);
  });

  it('keeps the model through a snapshot and restore', () => {
    const h = market({}, ['alice']);
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'okx-pm' });
    h.run(fill('alice', 'buy', '0.1', '30000'));
    const restored = restoreState(snapshotState(h.state));
    assert.equal(restored.accounts.get('alice')?.portfolioModel, 'okx-pm');
    assert.deepEqual(accountRiskJson(restored, 'alice'), accountRiskJson(h.state, 'alice'));
    assert.equal(snapshotState(restored), snapshotState(h.state));
  });
});

describe('portfolio breakdown in the account risk report', () => {
  it('parses strictly, sums exactly to the requirement, and equals margin risk per group', () => {
    const h = market({}, ['alice', 'bob'], '100000');
    h.run({ type: 'instrument', instrument: BTCUSDT_FUTURE_T0_PLUS_1D });
    h.run({ type: 'price', symbol: 'BTCUSDT-260102', markPrice: '30100', time: at(0) });
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'okx-pm' });
    h.run(fill('alice', 'buy', '1.5', '30000'));
    h.run(fill('alice', 'sell', '1', '30100', { symbol: 'BTCUSDT-260102' }));
    h.run(fill('alice', 'sell', '20', '2000', { symbol: 'ETHUSDT' }));
    h.run(fill('bob', 'buy', '0.1', '30000'));
    const json = accountRiskJson(h.state, 'alice', 'USDT');
    assert.ok(json !== null);
    assert.deepEqual(riskJsonSchema.parse(json), json);
    const portfolio = riskJsonSchema.parse(json).portfolio;
    assert.ok(portfolio !== undefined);
    assert.equal(portfolio.maintenance, json.account.maintenanceMargin);
    assert.equal(portfolio.initial, json.account.initialMargin);
    const sum = (lines: readonly { amount: string }[]) => lines.reduce((total, l) => total + parseFixed(l.amount), 0n);
    assert.equal(formatFixed(sum(portfolio.explain.maintenance)), portfolio.maintenance);
    assert.equal(formatFixed(sum(portfolio.explain.initial)), portfolio.initial);
    assert.deepEqual(portfolio.groups.map((g) => g.key), ['BTC', 'ETH']);
    for (const group of portfolio.groups) {
      const { report } = portfolioRiskReport(marginRiskInput(h, 'alice', group.key, portfolio.valuationTime));
      assert.deepEqual(group.report, report);
    }
    // A per-position account has no breakdown.
    assert.equal('portfolio' in (accountRiskJson(h.state, 'bob', 'USDT') ?? {}), false);
  });
});
