/**
 * Properties of whole-position step tiers (ADR 0018), checked against the kernel itself
 * (computeRisk at a given mark, whose `liquidatable` is equity < maintenance):
 * - requirements (IM, MM) are monotone in position size;
 * - the reported liquidation price is safe (equity >= maintenance at it), every price between the
 *   mark and it is safe (checked at each tier cut on the way and at evenly spaced prices), and one
 *   display step beyond it is breached: liquidation happens where the price says, across jumps too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeRisk } from '../risk/compute-risk.js';
import { parseRiskInput } from '../input/risk-input.js';
import { buildTierTable, type TierRow } from '../tiers/tiers.js';
import { parseFixed, formatFixed } from '../num/decimal.js';
import { ONE, divRound, type Fixed } from '../num/index.js';
import type { RiskRequest } from '../risk/types.js';
import { BTCUSD_INVERSE_100_1TIER, LINEAR_USDT_TICK01 } from '@margin/testkit';

interface Case {
  inverse: boolean;
  side: 'long' | 'short';
  size: string;
  entry: string;
  mark: string;
  leverage: string;
  isolated: string | null;
  balance: string;
  rows: TierRow[];
}

/** Step tables: floors increasing, rates up to 50%, max leverage <= 1 / rate. */
const stepRowsArb = (inverse: boolean) =>
  fc
    .array(fc.record({ gap: fc.integer({ min: 1, max: 400 }), rateStep: fc.integer({ min: 0, max: 60 }) }), { minLength: 1, maxLength: 6 })
    .map((steps) => {
      const unit = inverse ? 10n ** 16n : 500n * ONE; // inverse floors in coin (0.01 steps), linear in quote
      let floor = 0n;
      let ratePermille = 4n;
      const rows: TierRow[] = [{ notionalFloor: 0n, maintenanceRate: ratePermille * 10n ** 15n, maxLeverage: 100n * ONE }];
      for (const { gap, rateStep } of steps) {
        floor += BigInt(gap) * unit;
        ratePermille = ratePermille + BigInt(rateStep) > 500n ? 500n : ratePermille + BigInt(rateStep);
        rows.push({ notionalFloor: floor, maintenanceRate: ratePermille * 10n ** 15n, maxLeverage: (1000n * ONE) / ratePermille / 2n });
      }
      // max leverage must not increase: take the running minimum
      let cap = rows[0]?.maxLeverage ?? ONE;
      return rows.map((row) => {
        cap = row.maxLeverage < cap ? row.maxLeverage : cap;
        return { ...row, maxLeverage: cap };
      });
    });

const cents = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((v) => (v / 100).toFixed(2));

const caseArb: fc.Arbitrary<Case> = fc.boolean().chain((inverse) =>
  fc
    .record({
      side: fc.constantFrom('long' as const, 'short' as const),
      size: inverse ? fc.integer({ min: 1, max: 200_000 }).map(String) : fc.integer({ min: 1, max: 3_000_000 }).map((v) => (v / 1000).toFixed(3)),
      entry: cents(100, 60000),
      markMove: fc.integer({ min: 80, max: 120 }),
      leverage: fc.integer({ min: 1, max: 100 }).map(String),
      marginFraction: fc.integer({ min: 1, max: 150 }),
      isolated: fc.boolean(),
      rows: stepRowsArb(inverse),
    })
    .map((g) => {
      const mark = ((Number(g.entry) * g.markMove) / 100).toFixed(2);
      const entryNotional = inverse ? (Number(g.size) * 100) / Number(g.entry) : Number(g.size) * Number(g.entry);
      const margin = ((entryNotional * g.marginFraction) / 100).toFixed(inverse ? 8 : 2);
      return {
        inverse,
        side: g.side,
        size: g.size,
        entry: g.entry,
        mark,
        leverage: g.leverage,
        isolated: g.isolated ? margin : null,
        balance: g.isolated ? '0' : margin,
        rows: g.rows,
      };
    }),
);

const SYMBOL = 'X';

function requestOf(c: Case, size = c.size): RiskRequest {
  const parsed = parseRiskInput({
    profile: 'generic',
    account: { balance: c.balance },
    // The kit's contracts (inverse: 100 USD, tick 0.5, lot 1; linear: tick 0.1); the step table replaces their tiers below.
    instruments: [{ ...(c.inverse ? BTCUSD_INVERSE_100_1TIER : LINEAR_USDT_TICK01), symbol: SYMBOL, markPrice: c.mark, tiers: [{ notionalFloor: '0', maintenanceRate: '0.01', maxLeverage: '100' }] }],
    positions: [
      {
        symbol: SYMBOL,
        side: c.side,
        size,
        entryPrice: c.entry,
        leverage: c.leverage,
        ...(c.isolated === null ? {} : { margin: 'isolated', isolatedBalance: c.isolated }),
      },
    ],
  }).request;
  const instrument = parsed.instruments.get(SYMBOL);
  assert.ok(instrument);
  const instruments = new Map(parsed.instruments);
  instruments.set(SYMBOL, { ...instrument, tiers: buildTierTable(c.rows, ['tiers'], 'step') });
  return { ...parsed, instruments };
}

function atMark(request: RiskRequest, price: Fixed): RiskRequest {
  const markPrices = new Map(request.markPrices);
  markPrices.set(SYMBOL, price);
  return { ...request, markPrices };
}

/** The kernel's verdict at `price`: true when equity >= maintenance (not liquidatable). */
function safeAt(request: RiskRequest, price: Fixed): boolean {
  const report = computeRisk(atMark(request, price), { withPrices: false });
  const position = report.positions[0];
  assert.ok(position);
  return position.isolated !== null ? !position.isolated.liquidatable : !report.account.liquidatable;
}

/** Prices where the tier changes (both sides of each cut) strictly between `from` and `to`. */
function cutPricesBetween(c: Case, from: Fixed, to: Fixed): Fixed[] {
  const quantity = parseFixed(c.size) * (c.inverse ? 100n : 1n);
  const lo = from < to ? from : to;
  const hi = from < to ? to : from;
  const out: Fixed[] = [];
  for (const row of c.rows.slice(1)) {
    const cut = c.inverse ? divRound(quantity * ONE, row.notionalFloor, 'ceil') - 1n : divRound(row.notionalFloor * ONE, quantity, 'floor');
    for (const p of [cut - 1n, cut, cut + 1n, cut + 2n]) if (p > lo && p < hi) out.push(p);
  }
  return out;
}

test('step tiers: requirements are monotone in position size', () => {
  fc.assert(
    fc.property(caseArb, fc.integer({ min: 101, max: 400 }), (c, growth) => {
      const bigger = c.inverse ? String(Math.ceil((Number(c.size) * growth) / 100)) : ((Number(c.size) * growth) / 100).toFixed(3);
      const small = computeRisk(requestOf(c), { withPrices: false }).positions[0];
      const large = computeRisk(requestOf(c, bigger), { withPrices: false }).positions[0];
      assert.ok(small && large);
      assert.ok(small.maintenanceMargin <= large.maintenanceMargin, `MM ${formatFixed(small.maintenanceMargin)} > ${formatFixed(large.maintenanceMargin)}`);
      assert.ok(small.initialMargin <= large.initialMargin, `IM ${formatFixed(small.initialMargin)} > ${formatFixed(large.initialMargin)}`);
    }),
    { numRuns: 300 },
  );
});

test('step tiers: liquidation happens exactly where the reported price says, across tier jumps', () => {
  let jumps = 0;
  let checked = 0;
  fc.assert(
    fc.property(caseArb, (c) => {
      const request = requestOf(c);
      const mark = parseFixed(c.mark);
      if (!safeAt(request, mark)) return; // already breached: the rule is about the way there
      const position = computeRisk(request).positions[0];
      assert.ok(position);
      const reported = position.liquidationPrice;
      if (reported === null) return;
      checked++;
      const tick = c.inverse ? parseFixed('0.5') : parseFixed('0.1');
      // Which way the breach lies: the breached neighbour says (the crossing may be less than a step
      // from the mark, and rounding toward the safe side may then put the reported price past the mark).
      const breachedBelow = reported - tick > 0n && !safeAt(request, reported - tick);
      const dir = breachedBelow ? -1n : !safeAt(request, reported + tick) ? 1n : reported <= mark ? -1n : 1n;
      assert.ok(safeAt(request, reported), `safe at the reported price ${formatFixed(reported)}`);
      const beyond = reported + dir * tick;
      if (beyond > 0n) assert.ok(!safeAt(request, beyond), `breached one step beyond, at ${formatFixed(beyond)} (reported ${formatFixed(reported)})`);
      for (const p of cutPricesBetween(c, mark, reported)) assert.ok(safeAt(request, p), `safe at ${formatFixed(p)} between the mark and ${formatFixed(reported)}`);
      for (let k = 1n; k < 16n; k++) {
        const p = mark + ((reported - mark) * k) / 16n;
        assert.ok(safeAt(request, p), `safe at ${formatFixed(p)} between the mark and ${formatFixed(reported)}`);
      }
      if (position.tierIndex !== computeRisk(atMark(request, beyond > 0n ? beyond : 1n), { withPrices: false }).positions[0]?.tierIndex) jumps++;
    }),
    { numRuns: 400, seed: 1801 },
  );
  assert.ok(checked > 100, `only ${checked} cases had a liquidation price`);
  assert.ok(jumps > 0, 'no case crossed a tier on the way to its liquidation price');
});
