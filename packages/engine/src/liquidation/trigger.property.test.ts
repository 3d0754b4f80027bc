/**
 * Goal: the engine liquidates exactly where it said it would.
 * Method: random single-position accounts (every profile, linear and inverse, long and short,
 * cross and isolated, random leverage, size and extra margin). Take the liquidation price that
 * `accountRiskJson` reports (rounded to the profile's grid toward the safe side), move the mark to
 * exactly that price: no liquidation; then one grid step further: liquidated, in that command.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PROFILE_NAMES, findProfile } from '@margin/core';
import { accountRiskJson } from '../report/account-risk.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState } from '../snapshot/snapshot.js';
import { applyCommand, type EngineEvent } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { assertLedgerBalanced } from '../ledger/ledger.js';
import type { EngineState } from '../state/types.js';
import { BTCUSDT_LINEAR_3TIER_TAKER_6BP, BTCUSD_INVERSE_100_3TIER_TAKER_6BP, at } from '@margin/testkit';
import { Harness } from '../testing/harness.js';

/** BTCUSDT and BTCUSD with a taker fee (Bybit profiles fold the fee to close into maintenance). */
const LINEAR = BTCUSDT_LINEAR_3TIER_TAKER_6BP;
const INVERSE = BTCUSD_INVERSE_100_3TIER_TAKER_6BP;

interface Case {
  readonly profile: string;
  readonly inverse: boolean;
  readonly long: boolean;
  readonly isolated: boolean;
  readonly leverage: number;
  readonly lots: number;
  readonly entryTicks: number;
  /** Extra margin beyond the initial margin, in percent of it. */
  readonly extraPercent: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  profile: fc.constantFrom(...PROFILE_NAMES),
  inverse: fc.boolean(),
  long: fc.boolean(),
  isolated: fc.boolean(),
  leverage: fc.integer({ min: 2, max: 50 }),
  lots: fc.integer({ min: 1, max: 4000 }),
  entryTicks: fc.integer({ min: 0, max: 40000 }),
  extraPercent: fc.integer({ min: 0, max: 300 }),
});

function run(state: EngineState, json: Record<string, unknown>, seq: number): EngineEvent[] {
  const { events } = applyCommand(state, parseCommand(json), { seq });
  assertLedgerBalanced(state);
  return events;
}

const liquidated = (events: readonly EngineEvent[]): boolean => events.some((event) => event.type === 'liquidationStarted' && event['account'] === 'u');

/** Fixed-point decimal text with `digits` fraction digits (test amounts stay far below 2^53 units). */
const amount = (value: number, digits: number): string => (Math.ceil(value * 10 ** digits) / 10 ** digits).toFixed(digits);

function setUp(c: Case): { h: Harness; symbol: string } | null {
  const spec = c.inverse ? INVERSE : LINEAR;
  const h = new Harness({ profile: c.profile });
  h.run({ type: 'instrument', instrument: spec });
  const entry = c.inverse ? 20000 + c.entryTicks * 0.5 : 20000 + c.entryTicks * 0.1;
  const entryText = entry.toFixed(1);
  h.run({ type: 'price', symbol: spec.symbol, markPrice: entryText, time: at(0) });
  const size = c.inverse ? String(c.lots) : (c.lots / 1000).toFixed(3);
  const notional = c.inverse ? (c.lots * 100) / entry : (c.lots / 1000) * entry;
  const initial = notional / c.leverage;
  const deposit = amount(initial * 1.2 + notional * 0.01 + (c.isolated ? initial * (c.extraPercent / 100) : initial * (c.extraPercent / 100)), 8);
  h.run({ type: 'deposit', account: 'u', asset: spec.settle, amount: deposit });
  if (c.isolated) h.run({ type: 'setMarginMode', account: 'u', symbol: spec.symbol, mode: 'isolated' });
  const leverage = h.run({ type: 'setLeverage', account: 'u', symbol: spec.symbol, leverage: String(c.leverage) });
  if (leverage[0]?.type === 'rejected') return null;
  const filled = h.run({ type: 'fill', account: 'u', symbol: spec.symbol, side: c.long ? 'buy' : 'sell', size, price: entryText, time: at(1) });
  if (filled[0]?.type !== 'filled') return null;
  if (c.isolated && c.extraPercent > 0) {
    h.run({ type: 'addIsolatedMargin', account: 'u', symbol: spec.symbol, amount: amount(initial * (c.extraPercent / 200), 8) });
  }
  return { h, symbol: spec.symbol };
}

describe('liquidation trigger', () => {
  it('does not liquidate at the reported liquidation price and does one grid step beyond it', () => {
    let checked = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const setup = setUp(c);
        if (setup === null) return;
        const { h, symbol } = setup;
        const risk = accountRiskJson(h.state, 'u');
        const position = risk?.positions[0];
        assert.ok(position !== undefined);
        const reported = position.liquidationPrice;
        if (reported === null) return; // a fully collateralised long has none
        const profile = findProfile(c.profile);
        assert.ok(profile !== undefined);
        const step = profile.priceRounding === 'tick' ? Number(c.inverse ? INVERSE.tickSize : LINEAR.tickSize) : 1e-8;
        const digits = profile.priceRounding === 'tick' ? 1 : 8;
        const beyond = Number(reported) + (c.long ? -step : step);
        if (beyond <= 0) return;
        const state = restoreState(snapshotState(h.state));
        // A profile that rounds to the nearest as its venue reports (ADR 0018) may report up to half a
        // unit past the last safe price: then one unit toward the mark must not liquidate.
        const safe = profile.priceRounding === 'decimals-nearest' ? (Number(reported) + (c.long ? step : -step)).toFixed(digits) : reported;
        const atPrice = run(state, { type: 'price', id: 'at', symbol, markPrice: safe, time: at(10) }, 100);
        assert.equal(liquidated(atPrice), false, `mark ${safe} (the reported price ${reported}) must not liquidate: ${JSON.stringify(c)}`);
        const stepped = run(state, { type: 'price', id: 'beyond', symbol, markPrice: beyond.toFixed(digits), time: at(11) }, 101);
        assert.equal(liquidated(stepped), true, `mark ${beyond.toFixed(digits)} (one step beyond ${reported}) must liquidate: ${JSON.stringify(c)}`);
        checked++;
      }),
      { numRuns: 700, seed: 20261124 },
    );
    assert.ok(checked > 400, `most cases have a liquidation price to check (${checked})`);
  });
});
