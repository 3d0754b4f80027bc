/**
 * Options in portfolio margin (ADR 0023, docs/portfolio-margin.md "Options in portfolio margin"):
 * an account in `deribit-pm` holding an inverse perpetual and inverse options gets the model's
 * requirement over futures AND options, equal to `margin risk` (core's `portfolioRiskReport`) on
 * the same positions and marks; a hedge needs no more than its legs alone; liquidation starts
 * exactly where equity crosses the portfolio maintenance.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DERIBIT_BTC_PERPETUAL, DERIBIT_BTC_USDC_PERPETUAL, at } from '@margin/testkit';
import { formatFixed, mul, parseFixed, portfolioRiskReport } from '@margin/core';
import { Harness } from '../testing/harness.js';
import { accountRiskJson } from '../report/account-risk.js';
import { optionRequirement } from '../risk/option-requirement.js';
import { portfolioRequirement } from './portfolio-requirement.js';
import { engineModel } from './portfolio-model.js';
import { preview } from '../preview/preview.js';
import { parseCommand } from '../commands/parse-command.js';
import { stateHash } from '../snapshot/snapshot.js';

const EXPIRY = '2026-03-27T08:00:00.000Z';
const CALL = { symbol: 'BTC-27MAR26-50000-C', kind: 'inverse-option', right: 'call', underlying: 'BTC-PERPETUAL', settle: 'BTC', contractSize: '1', strike: '50000', expiry: EXPIRY, tickSize: '0.0001', lotSize: '0.1' };
const PUT = { ...CALL, symbol: 'BTC-27MAR26-45000-P', right: 'put', strike: '45000' };
const IV = '0.6';

function deribitPm(accounts: Record<string, string>): Harness {
  const h = new Harness({ profile: 'deribit' });
  h.run({ type: 'instrument', instrument: DERIBIT_BTC_PERPETUAL });
  h.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '50000', indexPrice: '50000', time: at(0) });
  for (const [account, amount] of Object.entries(accounts)) h.run({ type: 'deposit', account, asset: 'BTC', amount });
  for (const option of [CALL, PUT]) {
    assert.equal(h.one({ type: 'instrument', instrument: option }).type, 'instrumentDefined');
    h.run({ type: 'price', symbol: option.symbol, markIv: IV, time: at(1) });
  }
  return h;
}

const fill = (account: string, symbol: string, side: 'buy' | 'sell', size: string, price: string, time = at(2)) => ({ type: 'fill', account, symbol, side, size, price, time });

/** `margin risk` input of the account at the engine's marks: the perpetual (10 USD per contract) and the options (1 coin, the mark IV). */
function marginRisk(h: Harness, account: string, time: string): { mm: bigint; im: bigint } {
  const found = h.state.accounts.get(account);
  const perp = h.state.markets.get('BTC-PERPETUAL');
  assert.ok(found !== undefined && perp !== undefined && perp.markPrice !== null);
  const forward = formatFixed(perp.markPrice);
  const positions: Record<string, unknown>[] = [...found.positions.values()].map((p) => ({
    id: p.key,
    kind: 'future',
    quantity: formatFixed(p.size),
    // 10 USD per contract: 10 / forward coin (the marks below keep it a finite decimal).
    multiplier: String(10 / Number(forward)),
    forward,
  }));
  for (const [symbol, position] of h.state.options?.positions.get(account) ?? []) {
    const option = [CALL, PUT].find((o) => o.symbol === symbol);
    assert.ok(option !== undefined);
    positions.push({ id: symbol, kind: 'option', quantity: formatFixed(position.size), multiplier: '1', optionType: option.right, strike: option.strike, expiry: EXPIRY, forward, volatility: IV });
  }
  const { report } = portfolioRiskReport({ profile: 'deribit-pm', currency: 'BTC', time, positions });
  return { mm: parseFixed(report.maintenance), im: parseFixed(report.initial) };
}

describe('options in portfolio margin', () => {
  it('the engine requirement of futures and options equals margin risk (deribit-pm) on the same positions and marks', () => {
    const h = deribitPm({ alice: '10', bob: '10' });
    assert.equal(h.one({ type: 'setPortfolioMargin', account: 'alice', model: 'deribit-pm' }).type, 'portfolioMarginSet');
    const call = h.state.options?.markets.get(CALL.symbol)?.markPrice;
    const put = h.state.options?.markets.get(PUT.symbol)?.markPrice;
    assert.ok(call != null && put != null);
    for (const [account, side] of [['alice', 'sell'], ['bob', 'buy']] as const) {
      assert.equal(h.one(fill(account, 'BTC-PERPETUAL', side === 'sell' ? 'buy' : 'sell', '5000', '50000')).type, 'filled');
      assert.equal(h.one(fill(account, CALL.symbol, side, '2', formatFixed(call))).type, 'filled');
      assert.equal(h.one(fill(account, PUT.symbol, side === 'sell' ? 'buy' : 'sell', '1.5', formatFixed(put))).type, 'filled');
    }
    for (const [i, mark] of ['50000', '40000', '62500', '32000'].entries()) {
      const time = at(10 + i);
      h.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: mark, indexPrice: mark, time });
      const json = accountRiskJson(h.state, 'alice', 'BTC');
      assert.ok(json !== null);
      const cli = marginRisk(h, 'alice', time);
      assert.ok(cli.mm > 0n);
      assert.equal(json.account.maintenanceMargin, formatFixed(cli.mm), `at ${mark}: maintenance`);
      assert.equal(json.account.initialMargin, formatFixed(cli.im), `at ${mark}: initial`);
      // The options' standard requirement is no longer added for the portfolio account ...
      assert.equal(optionRequirement(h.state, 'alice', 'BTC').maintenanceMargin, 0n);
      // ... and stays for the per-position account.
      assert.ok(optionRequirement(h.state, 'bob', 'BTC').maintenanceMargin > 0n);
    }
  });

  it('refuses a model that cannot hold the options: on setPortfolioMargin and on an option fill', () => {
    const h = deribitPm({ alice: '10', bob: '10', carol: '10' });
    const put = h.state.options?.markets.get(PUT.symbol)?.markPrice;
    assert.ok(put != null);
    h.run(fill('alice', PUT.symbol, 'buy', '1', formatFixed(put)));
    h.run(fill('bob', PUT.symbol, 'sell', '1', formatFixed(put)));
    // okx-pm margins its units linear: an inverse (coin-settled) option is refused by name.
    const refused = h.one({ type: 'setPortfolioMargin', account: 'alice', model: 'okx-pm' });
    assert.equal(refused['code'], 'portfolio_model_cannot_hold');
    assert.match(String(refused['reason']), /BTC-27MAR26-45000-P/);
    assert.equal(h.state.accounts.get('alice')?.portfolioModel, null);
    // An okx-pm account (no positions) cannot open the inverse option either.
    assert.equal(h.one({ type: 'setPortfolioMargin', account: 'carol', model: 'okx-pm' }).type, 'portfolioMarginSet');
    const fillRefused = h.one(fill('carol', PUT.symbol, 'buy', '1', formatFixed(put)));
    assert.equal(fillRefused['code'], 'portfolio_model_cannot_hold');
  });

  it('preview of an option fill on a portfolio account: the after figures are the model\'s over future and options, state untouched', () => {
    const h = deribitPm({ alice: '10', bob: '10' });
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'deribit-pm' });
    h.run(fill('alice', 'BTC-PERPETUAL', 'buy', '5000', '50000'));
    h.run(fill('bob', 'BTC-PERPETUAL', 'sell', '5000', '50000'));
    const put = h.state.options?.markets.get(PUT.symbol)?.markPrice;
    assert.ok(put != null);
    const hash = stateHash(h.state);
    const command = { ...fill('alice', PUT.symbol, 'buy', '1', formatFixed(put)), id: 'p1' };
    const result = preview(h.state, parseCommand(command), { accounts: ['alice'] });
    assert.equal(result.verdict.accepted, true);
    assert.equal(stateHash(h.state), hash);
    const after = result.accounts.find((entry) => entry.account === 'alice')?.after as unknown as { account: { maintenanceMargin: string } };
    // The same fill applied: the account's maintenance is what the preview said, and margin risk's.
    h.run(command);
    const json = accountRiskJson(h.state, 'alice', 'BTC');
    assert.ok(json !== null);
    assert.equal(after.account.maintenanceMargin, json.account.maintenanceMargin);
    assert.equal(json.account.maintenanceMargin, formatFixed(marginRisk(h, 'alice', at(1)).mm)); // valuation time: the options' price time
  });

  it('a hedged future + options portfolio needs no more than its legs margined alone', () => {
    const h = deribitPm({ alice: '10', bob: '10' });
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'deribit-pm' });
    const model = engineModel('deribit-pm');
    assert.ok(model !== null);
    const future = { key: 'BTC-PERPETUAL', symbol: 'BTC-PERPETUAL', size: parseFixed('5000') };
    const put = { symbol: PUT.symbol, size: parseFixed('1') };
    const shortCall = { symbol: CALL.symbol, size: parseFixed('-1') };
    for (const [i, mark] of ['50000', '44000', '58000'].entries()) {
      h.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: mark, time: at(10 + i) });
      const legs = [
        portfolioRequirement(h.state, model, [future]).maintenance,
        portfolioRequirement(h.state, model, [], [put]).maintenance,
        portfolioRequirement(h.state, model, [], [shortCall]).maintenance,
      ];
      const hedged = portfolioRequirement(h.state, model, [future], [put, shortCall]).maintenance;
      const alone = legs.reduce((a, b) => a + b, 0n);
      assert.ok(hedged <= alone, `at ${mark}: collar ${formatFixed(hedged)} > legs ${formatFixed(alone)}`);
      // A collar (long future, long put, short call) is a real hedge: well below its legs.
      assert.ok(hedged < alone, `at ${mark}`);
    }
  });

  it('liquidation starts exactly when equity crosses the portfolio maintenance of a short put', () => {
    const h = deribitPm({ alice: '0.3', bob: '10' });
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'deribit-pm' });
    const mark0 = h.state.options?.markets.get(PUT.symbol)?.markPrice;
    assert.ok(mark0 != null);
    assert.equal(h.one(fill('alice', PUT.symbol, 'sell', '1', formatFixed(mark0))).type, 'filled');
    assert.equal(h.one(fill('bob', PUT.symbol, 'buy', '1', formatFixed(mark0))).type, 'filled');
    let liquidatedAt: number | null = null;
    let checked = 0;
    for (let price = 50000; price >= 20000 && liquidatedAt === null; price -= 250) {
      const wallet = h.wallet('alice', 'BTC') * 10n ** 10n;
      const time = at(100 + checked);
      const events = h.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: String(price), time });
      const started = events.some((e) => e.type === 'liquidationStarted' && e['account'] === 'alice');
      const putMark = h.state.options?.markets.get(PUT.symbol)?.markPrice;
      assert.ok(putMark != null);
      // Equity: wallet + the short put's value (rounded against the account); maintenance: margin risk's.
      const equity = wallet - mul(parseFixed('1'), putMark, 'ceil');
      const { report } = portfolioRiskReport({
        profile: 'deribit-pm',
        currency: 'BTC',
        time,
        positions: [{ id: PUT.symbol, kind: 'option', quantity: '-1', multiplier: '1', optionType: 'put', strike: PUT.strike, expiry: EXPIRY, forward: String(price), volatility: IV }],
      });
      const maintenance = parseFixed(report.maintenance);
      assert.equal(started, equity < maintenance, `at ${price}: equity ${formatFixed(equity)}, maintenance ${report.maintenance}`);
      checked++;
      if (started) liquidatedAt = price;
    }
    assert.ok(liquidatedAt !== null && liquidatedAt < 50000, `liquidated at ${String(liquidatedAt)} after ${checked} prices`);
  });
});

describe('portfolio pools holding options through the scan', () => {
  const PERP = DERIBIT_BTC_USDC_PERPETUAL;
  const LCALL = { symbol: 'BTC_USDC-27MAR26-52000-C', kind: 'linear-option', right: 'call', underlying: PERP.symbol, base: 'BTC', settle: 'USDC', contractSize: '0.01', strike: '52000', expiry: EXPIRY, tickSize: '5' };
  const LPUT = { ...LCALL, symbol: 'BTC_USDC-27MAR26-48000-P', right: 'put', strike: '48000' };
  const setup = (): Harness => {
    const h = new Harness({ profile: 'deribit' });
    h.run({ type: 'instrument', instrument: PERP });
    h.run({ type: 'price', symbol: PERP.symbol, markPrice: '50000', time: at(0) });
    for (const option of [LCALL, LPUT]) {
      h.run({ type: 'instrument', instrument: option });
      h.run({ type: 'price', symbol: option.symbol, markIv: IV, time: at(1) });
    }
    h.run({ type: 'deposit', account: 'maker', asset: 'USDC', amount: '100000000' });
    return h;
  };

  it('okx-pm accounts of a linear perpetual and linear options: the same events as confirming every pool exactly', () => {
    let seed = 11;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const filtered = setup();
    const exact = setup();
    exact.state.scan.setPoolFilter(() => true);
    const both = (json: Record<string, unknown>) => {
      const a = filtered.run(json);
      const b = exact.run(json);
      // Each setPortfolioMargin installs the portfolio filter again (portfolio-scan.ts): the twin puts its own back.
      if (json['type'] === 'setPortfolioMargin') exact.state.scan.setPoolFilter(() => true);
      assert.deepEqual(a, b, `command ${JSON.stringify(json)}`);
      return a;
    };
    const accounts = Array.from({ length: 10 }, (_, i) => `q${i}`);
    const marks: Record<string, string> = {};
    for (const option of [LCALL, LPUT]) marks[option.symbol] = formatFixed(filtered.state.options?.markets.get(option.symbol)?.markPrice ?? 0n);
    for (const account of accounts) {
      both({ type: 'deposit', account, asset: 'USDC', amount: String(300 + Math.floor(random() * 700)) });
      assert.equal(both({ type: 'setPortfolioMargin', account, model: 'okx-pm' })[0]?.type, 'portfolioMarginSet');
      const side = random() < 0.5 ? 'buy' : 'sell';
      const other = side === 'buy' ? 'sell' : 'buy';
      const size = String(10 * (1 + Math.floor(random() * 10)));
      both(fill(account, PERP.symbol, side, size, '50000'));
      both(fill('maker', PERP.symbol, other, size, '50000'));
      // Half the accounts hold options only in some steps: a short call or put beside the future.
      if (random() < 0.8) {
        const option = random() < 0.5 ? LCALL : LPUT;
        const contracts = String(1 + Math.floor(random() * 5));
        both(fill(account, option.symbol, 'sell', contracts, marks[option.symbol] ?? '0'));
        both(fill('maker', option.symbol, 'buy', contracts, marks[option.symbol] ?? '0'));
      }
    }
    const holders = accounts.filter((account) => (filtered.state.options?.positions.get(account)?.size ?? 0) > 0).length;
    assert.ok(holders >= 3, `${holders} portfolio accounts hold options`);
    let mark = 50000;
    let liquidations = 0;
    for (let step = 1; step <= 60; step++) {
      const time = at(10 + step);
      const events =
        random() < 0.75
          ? both({ type: 'price', symbol: PERP.symbol, markPrice: String((mark = Math.round(mark * (0.97 + 0.06 * random()) * 2) / 2)), time })
          : both({ type: 'price', symbol: random() < 0.5 ? LCALL.symbol : LPUT.symbol, markIv: (0.4 + 0.5 * random()).toFixed(3), time });
      liquidations += events.filter((e) => e.type === 'liquidationStarted').length;
    }
    for (const account of accounts) assert.deepEqual(accountRiskJson(filtered.state, account, 'USDC'), accountRiskJson(exact.state, account, 'USDC'));
    assert.ok(liquidations > 0, 'the walk reaches a liquidation');
  });
});
