/**
 * OKX coin-margined (inverse) swaps under the okx record: tiers counted in contracts (a cap is
 * inclusive), maintenance = (MMR + liquidation fee rate) x value, and the isolated liquidation
 * price of OKX's inverse formula with the fee folded in: long (1 + MMR + fee) / (1/entry +
 * margin / (face value x contracts)), short (1 - MMR - fee) / (1/entry - margin / (face value x
 * contracts)) (OKEx help text as archived in https://github.com/bradkyle/Qenv logic/okex.md, and
 * https://www.okx.com/help/v-tiered-maintenance-margin-ratio-rules for the fee in the requirement).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeRisk } from '../risk/compute-risk.js';
import { parseRiskInput } from '../input/risk-input.js';
import { riskReportToJson } from '../report/risk-json.js';
import { Rational } from '../num/rational.js';
import { OKX_BTC_USD_SWAP_TIERS_IN_CONTRACTS } from '@margin/testkit';

// Tiers up to 1,000 contracts at 0.5%, then 1% (contracts, not BTC), 0.05% fee.
const INSTRUMENT = { ...OKX_BTC_USD_SWAP_TIERS_IN_CONTRACTS, markPrice: '50000' };

function report(side: 'long' | 'short', contracts: string) {
  const input = {
    profile: 'okx',
    account: { balance: '0' },
    instruments: [INSTRUMENT],
    positions: [{ symbol: 'BTC-USD-SWAP', side, size: contracts, entryPrice: '50000', leverage: '5', margin: 'isolated', isolatedBalance: '0.5' }],
  };
  const position = riskReportToJson(computeRisk(parseRiskInput(input).request)).positions[0];
  assert.ok(position);
  return position;
}

function formula(side: 'long' | 'short', contracts: string, mmr: string): Rational {
  const one = Rational.of('1');
  const rate = Rational.of(mmr).add(Rational.of('0.0005'));
  const perEntry = one.div(Rational.of('50000'));
  const marginPerValue = Rational.of('0.5').div(Rational.of('100').mul(Rational.of(contracts)));
  return side === 'long' ? one.add(rate).div(perEntry.add(marginPerValue)) : one.sub(rate).div(perEntry.sub(marginPerValue));
}

function assertWithinTick(reported: string | null, exact: Rational, what: string): void {
  assert.ok(reported !== null, what);
  const gap = Rational.of(reported).sub(exact);
  const abs = gap.cmp(Rational.of('0')) < 0 ? gap.mul(Rational.of('-1')) : gap;
  assert.ok(abs.cmp(Rational.of('0.1')) <= 0, `${what}: ${reported} vs ${exact.toNumber()}`);
}

test('okx inverse: 1,000 contracts stay in tier 1 (cap inclusive), liquidation by the fee-inclusive formula', () => {
  const long = report('long', '1000');
  assert.equal(long.tier, 1);
  assert.equal(long.maintenanceRate, '0.005');
  assert.equal(long.maintenanceMargin, '0.011'); // (0.5% + 0.05%) x 100,000 / 50,000
  assertWithinTick(long.liquidationPrice, formula('long', '1000', '0.005'), 'long');
  // The exact root 1.0055 / (1/50,000 + 0.5/100,000) = 40,220 is a tick multiple, but there the kernel's
  // roundings (PnL down, maintenance up) already breach: the last safe tick is one above it.
  assert.equal(long.liquidationPrice, '40220.1');
});

test('okx inverse: 1,001 contracts are tier 2, whatever their notional in BTC; short by the formula', () => {
  const short = report('short', '1001');
  assert.equal(short.tier, 2);
  assert.equal(short.maintenanceRate, '0.01');
  assertWithinTick(short.liquidationPrice, formula('short', '1001', '0.01'), 'short');
  assert.ok(Rational.of(short.liquidationPrice ?? '0').cmp(formula('short', '1001', '0.01')) <= 0, 'rounded toward the safe side (down for a short)');
});
