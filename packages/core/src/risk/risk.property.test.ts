/**
 * Property tests of computeRisk against the exact rational reference model:
 * - reported requirements are >= exact and < exact + one unit of the last digit; credits <= exact
 * - the reported liquidation / bankruptcy price is within one tick of the exact root, on the safe side
 * - MM <= IM, long/short mirror, requirements monotone in size, liquidatable flag matches the sign
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeRisk } from './compute-risk.js';
import { parseRiskInput } from '../input/risk-input.js';
import { riskReportToJson, type RiskJson } from '../report/risk-json.js';
import { Rational, R0 } from '../num/rational.js';
import { refInitial, refMaintenance, refNotional, refPnl, refRoot, refSlack, refTiers, type RefInstrument, type RefPosition } from '../testing/reference-model.js';

const TIER_ROWS = [
  { floor: '0', rate: '0.004', maxLeverage: '125' },
  { floor: '50000', rate: '0.005', maxLeverage: '100' },
  { floor: '250000', rate: '0.01', maxLeverage: '50' },
  { floor: '1000000', rate: '0.025', maxLeverage: '20' },
  { floor: '10000000', rate: '0.05', maxLeverage: '10' },
];
const INVERSE_TIER_ROWS = [
  { floor: '0', rate: '0.005', maxLeverage: '125' },
  { floor: '5', rate: '0.01', maxLeverage: '50' },
  { floor: '50', rate: '0.025', maxLeverage: '20' },
  { floor: '300', rate: '0.125', maxLeverage: '4' },
];

interface Generated {
  input: unknown;
  balance: string;
  positions: Array<{ symbol: string; inverse: boolean; side: 'long' | 'short'; size: string; entry: string; mark: string; leverage: string; isolated: string | null }>;
}

const cents = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((v) => (v / 100).toFixed(2));
const sizeArb = fc.integer({ min: 1, max: 5_000_000 }).map((v) => (v / 1000).toFixed(3));

const positionArb = fc.record({
  inverse: fc.boolean(),
  side: fc.constantFrom('long' as const, 'short' as const),
  size: sizeArb,
  entry: cents(50, 90000),
  markMove: fc.integer({ min: 50, max: 150 }),
  leverage: fc.integer({ min: 1, max: 125 }).map(String),
  isolated: fc.option(cents(0, 500000), { nil: null }),
});

const accountArb = fc
  .record({ balance: cents(0, 2_000_000), positions: fc.array(positionArb, { minLength: 1, maxLength: 4 }) })
  .map(({ balance, positions }): Generated => {
    const generated = positions.map((p, i) => {
      const mark = ((Number(p.entry) * p.markMove) / 100).toFixed(2);
      const size = p.inverse ? String(Math.max(1, Math.round(Number(p.size) * 10))) : p.size;
      // Cross positions must share the settle asset: inverse positions are always isolated here.
      const isolated = p.inverse ? (p.isolated ?? '1.5') : p.isolated;
      return { symbol: `S${i}${p.inverse ? 'USD' : 'USDT'}`, inverse: p.inverse, side: p.side, size, entry: p.entry, mark: mark === '0.00' ? '0.01' : mark, leverage: p.leverage, isolated };
    });
    const input = {
      profile: 'generic',
      account: { balance, positionMode: 'one-way' },
      instruments: generated.map((p) => ({
        symbol: p.symbol,
        kind: p.inverse ? 'inverse-perpetual' : 'linear-perpetual',
        settle: p.inverse ? 'BTC' : 'USDT',
        contractSize: p.inverse ? '100' : '1',
        markPrice: p.mark,
        tickSize: p.inverse ? '0.5' : '0.01',
        tiers: (p.inverse ? INVERSE_TIER_ROWS : TIER_ROWS).map((t) => ({ notionalFloor: t.floor, maintenanceRate: t.rate, maxLeverage: t.maxLeverage })),
      })),
      positions: generated.map((p) => ({
        symbol: p.symbol,
        side: p.side,
        size: p.size,
        entryPrice: p.entry,
        leverage: p.leverage,
        ...(p.isolated === null ? {} : { margin: 'isolated', isolatedBalance: p.isolated }),
      })),
    };
    return { input, balance, positions: generated };
  });

function refPositions(g: Generated): Array<{ position: RefPosition; mark: Rational; isolated: Rational | null }> {
  const linear: RefInstrument = { inverse: false, contractSize: Rational.of('1'), tiers: refTiers(TIER_ROWS) };
  const inverse: RefInstrument = { inverse: true, contractSize: Rational.of('100'), tiers: refTiers(INVERSE_TIER_ROWS) };
  return g.positions.map((p) => ({
    position: {
      instrument: p.inverse ? inverse : linear,
      symbol: p.symbol,
      side: p.side === 'long' ? 1 : -1,
      size: Rational.of(p.size),
      entry: Rational.of(p.entry),
      leverage: Rational.of(p.leverage),
    },
    mark: Rational.of(p.mark),
    isolated: p.isolated === null ? null : Rational.of(p.isolated),
  }));
}

function run(input: unknown): RiskJson {
  return riskReportToJson(computeRisk(parseRiskInput(input).request));
}

const UNIT = Rational.of('0.00000001'); // one unit of the reported money digits

function assertUp(reported: string, exact: Rational, what: string): void {
  const value = Rational.of(reported);
  assert.ok(value.cmp(exact) >= 0, `${what}: ${reported} below exact ${exact.toNumber()}`);
  assert.ok(value.sub(exact).cmp(UNIT) < 0, `${what}: ${reported} more than one unit above exact`);
}
function assertDown(reported: string, exact: Rational, what: string): void {
  const value = Rational.of(reported);
  assert.ok(value.cmp(exact) <= 0, `${what}: ${reported} above exact ${exact.toNumber()}`);
  assert.ok(exact.sub(value).cmp(UNIT) < 0, `${what}: ${reported} more than one unit below exact`);
}

test('requirements round up and credits round down, within one unit of the exact values', () => {
  fc.assert(
    fc.property(accountArb, (g) => {
      const json = run(g.input);
      const refs = refPositions(g);
      refs.forEach(({ position, mark }, i) => {
        const p = json.positions[i];
        assert.ok(p);
        assertUp(p.notional, refNotional(position, mark), 'notional');
        assertUp(p.initialMargin, refInitial(position, mark), 'initialMargin');
        assertUp(p.maintenanceMargin, refMaintenance(position, mark), 'maintenanceMargin');
        assertDown(p.unrealizedPnl, refPnl(position, mark), 'unrealizedPnl');
      });
      const cross = refs.filter((r) => r.isolated === null);
      const equity = cross.reduce((sum, r) => sum.add(refPnl(r.position, r.mark)), Rational.of(g.balance));
      assertDown(json.account.equity, equity, 'equity');
      const mm = cross.reduce((sum, r) => sum.add(refMaintenance(r.position, r.mark)), R0);
      assertUp(json.account.maintenanceMargin, mm, 'account MM');
      assert.equal(json.account.liquidatable, cross.length > 0 && equity.cmp(mm) < 0);
    }),
    { numRuns: 300 },
  );
});

test('liquidation and bankruptcy prices are within one tick of the exact root, on the safe side', () => {
  fc.assert(
    fc.property(accountArb, (g) => {
      const json = run(g.input);
      const refs = refPositions(g);
      refs.forEach((r, i) => {
        const p = json.positions[i];
        assert.ok(p);
        const pool = r.isolated === null ? refs.filter((x) => x.isolated === null) : [r];
        const balance = r.isolated ?? Rational.of(g.balance);
        const tick = Rational.of(r.position.instrument.inverse ? '0.5' : '0.01');
        for (const [reported, withMaintenance] of [[p.liquidationPrice, true], [p.bankruptcyPrice, false]] as const) {
          const root = refRoot(balance, pool, r.position, r.mark, withMaintenance);
          const label: string = `${withMaintenance ? 'liquidation' : 'bankruptcy'} ${p.side} ${p.symbol}`;
          if (root === null) {
            assert.equal(reported, null, `${label}: reported ${reported} but no exact root`);
            continue;
          }
          assert.notEqual(reported, null, `${label}: exact root ${root.toNumber()} not reported`);
          const value = Rational.of(reported as string);
          // long: breach below the root -> reported >= root; short: reported <= root
          const gap = r.position.side === 1 ? value.sub(root) : root.sub(value);
          assert.ok(gap.sign() >= 0, `${label}: ${reported} on the unsafe side of ${root.toNumber()}`);
          assert.ok(gap.cmp(tick) < 0, `${label}: ${reported} more than a tick from ${root.toNumber()}`);
          // and the slack at the reported price is not negative (the account is not yet breached there)
          const slack = refSlack(balance, pool, r.position.symbol, value, withMaintenance);
          assert.ok(slack.sign() >= 0, `${label}: slack negative at reported price`);
        }
      });
    }),
    { numRuns: 300 },
  );
});

test('MM <= IM, long/short mirror, and requirements monotone in size', () => {
  fc.assert(
    fc.property(accountArb, fc.integer({ min: 2, max: 9 }), (g, factor) => {
      const json = run(g.input);
      for (const p of json.positions) assert.ok(Rational.of(p.maintenanceMargin).cmp(Rational.of(p.initialMargin)) <= 0, 'MM <= IM');
      const input = g.input as { positions: Array<Record<string, string>> };
      const mirrored = run({ ...input, positions: input.positions.map((p) => ({ ...p, side: p['side'] === 'long' ? 'short' : 'long' })) });
      json.positions.forEach((p, i) => {
        const m = mirrored.positions[i];
        assert.ok(m);
        assert.equal(m.notional, p.notional);
        assert.equal(m.initialMargin, p.initialMargin);
        assert.equal(m.maintenanceMargin, p.maintenanceMargin);
        const sum = Rational.of(m.unrealizedPnl).add(Rational.of(p.unrealizedPnl));
        assert.ok(sum.sign() <= 0 && sum.neg().cmp(UNIT.add(UNIT)) <= 0, 'PnL mirrors within rounding');
      });
      const bigger = run({ ...input, positions: input.positions.map((p) => ({ ...p, size: (Number(p['size']) * factor).toFixed(3).replace(/\.000$/, '') })) });
      json.positions.forEach((p, i) => {
        const b = bigger.positions[i];
        assert.ok(b);
        assert.ok(Rational.of(b.maintenanceMargin).cmp(Rational.of(p.maintenanceMargin)) >= 0, 'MM monotone');
        assert.ok(Rational.of(b.initialMargin).cmp(Rational.of(p.initialMargin)) >= 0, 'IM monotone');
      });
    }),
    { numRuns: 150 },
  );
});
