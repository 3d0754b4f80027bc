/**
 * The float filter for portfolio pools holding options (option-pool-filter.ts, through the scan's
 * pool filter and the option price handlers' review, option-review.ts) over seeded streams:
 * deribit-pm accounts (inverse BTC: BTC-PERPETUAL and inverse options) and okx-pm accounts (USDC:
 * BTC_USDC-PERPETUAL and linear options), each with a perpetual and calls and puts: two marked by IV
 * (re-marked at each underlying price), one marked by price that expires mid-walk and is settled;
 * underlying moves, mark-IV changes, option mark prices, time-only prices, futures and option fills,
 * deposits; a fourth seed marks the near call by price only, a third of its marks under intrinsic
 * value (no implied volatility: revalued at IV_MIN by core's `markVolatility`). Two engines take the same stream; the twin confirms every pool exactly on every move.
 * After every command: identical events (the filter never misses a pool the exact model flags) and
 * every portfolio pool's float figures within their stated bound of the exact report's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DERIBIT_BTC_PERPETUAL, DERIBIT_BTC_USDC_PERPETUAL, at, type InstrumentJson } from '@margin/testkit';
import { black76Price, formatFixed } from '@margin/core';
import { assertWithinBound, rng, twinRunner } from '../testing/grid-stream.js';
import { Harness } from '../testing/harness.js';

const FAR = '2026-03-27T08:00:00.000Z';
/** Three hours after T0: the walk (120 s per step) passes it and settles the option there. */
const NEAR_SEC = 3 * 3600;

/** One venue setting: deribit-pm over inverse BTC options, or okx-pm over linear USDC-settled ones. */
interface World {
  readonly model: 'deribit-pm' | 'okx-pm';
  readonly asset: string;
  readonly future: InstrumentJson;
  readonly inverse: boolean;
  /** Option premium tick (coin per coin inverse, USDC per coin linear) and contract size in coins. */
  readonly tick: number;
  readonly contractSize: string;
  readonly lot: string;
  /** Futures contracts per lot step; deposits (first, top-up) per unit of randomness. */
  readonly futureLot: number;
  readonly deposit: number;
}

const WORLDS: readonly World[] = [
  { model: 'deribit-pm', asset: 'BTC', future: DERIBIT_BTC_PERPETUAL, inverse: true, tick: 0.0001, contractSize: '1', lot: '0.1', futureLot: 10, deposit: 1 },
  { model: 'okx-pm', asset: 'USDC', future: DERIBIT_BTC_USDC_PERPETUAL, inverse: false, tick: 5, contractSize: '0.1', lot: '1', futureLot: 2, deposit: 50000 },
];

function options(world: World) {
  const underlying = world.future.symbol;
  const option = world.inverse
    ? { kind: 'inverse-option', underlying, settle: 'BTC', contractSize: world.contractSize, tickSize: String(world.tick), lotSize: world.lot }
    : { kind: 'linear-option', underlying, base: 'BTC', settle: world.asset, contractSize: world.contractSize, tickSize: String(world.tick), lotSize: world.lot };
  const prefix = world.inverse ? 'BTC' : 'BTC_USDC';
  return {
    call: { ...option, symbol: `${prefix}-27MAR26-52000-C`, right: 'call', strike: '52000', expiry: FAR },
    put: { ...option, symbol: `${prefix}-27MAR26-46000-P`, right: 'put', strike: '46000', expiry: FAR },
    near: { ...option, symbol: `${prefix}-1JAN26-50000-C`, right: 'call', strike: '50000', expiry: at(NEAR_SEC) },
  };
}

function setup(world: World): Harness {
  const { call, put, near } = options(world);
  const h = new Harness({ profile: 'deribit' });
  h.run({ type: 'instrument', instrument: world.future });
  h.run({ type: 'price', symbol: world.future.symbol, markPrice: '50000', indexPrice: '50000', time: at(0) });
  h.run({ type: 'deposit', account: 'maker', asset: world.asset, amount: String(100000 * world.deposit) });
  for (const option of [call, put, near]) assert.equal(h.one({ type: 'instrument', instrument: option }).type, 'instrumentDefined');
  h.run({ type: 'price', symbol: call.symbol, markIv: '0.6', time: at(1) });
  h.run({ type: 'price', symbol: put.symbol, markIv: '0.7', time: at(1) });
  h.run({ type: 'price', symbol: near.symbol, markIv: '0.6', time: at(1) });
  return h;
}

describe('portfolio pools holding options through the float filter', () => {
  // Seed 44: the near call is price-marked on every entry, a third of them under its intrinsic value (no implied volatility: revalued at IV_MIN, core's markVolatility).
  for (const [world, seed] of WORLDS.flatMap((w) => [41, 42, 43, 44].map((seed) => [w, seed] as const))) {
    const noIvMarks = seed === 44;
    it(`${world.model} seed ${seed}: the same events as confirming every pool exactly, figures within the bound${noIvMarks ? ' (marks under intrinsic value)' : ''}`, () => {
      const { call, put, near: NEAR } = options(world);
      const IV_MARKED = [call.symbol, put.symbol] as const;
      const FUTURE = world.future.symbol;
      const random = rng(seed);
      const filtered = setup(world);
      const both = twinRunner(filtered, setup(world));
      const accounts = Array.from({ length: 8 }, (_, i) => `o${i}`);
      let perp = 50000;
      let timeSec = 2;
      let settled = false;
      /** Marks strictly under a positive intrinsic value (seed 44). */
      let belowIntrinsic = 0;
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      /**
       * The near call's price entry: a mark price per coin (Black-76 at an IV of 0.5-0.9, on the tick)
       * when it is worth at least 5 ticks, else a mark IV (a mark of a tick or two near expiry may
       * have no implied volatility, which the exact model refuses).
       */
      const nearEntry = (draw: () => number): Record<string, string> => {
        const iv = 0.5 + 0.4 * draw();
        const years = (NEAR_SEC - timeSec) / (365 * 86400);
        const unit = world.inverse ? perp : 1;
        const ticks = Math.ceil(black76Price(true, perp, 50000, years, iv, 0) / unit / world.tick);
        const timeValue = ticks * world.tick - Math.max(perp - 50000, 0) / unit;
        const markPrice = world.inverse ? (ticks * world.tick).toFixed(4) : String(ticks * world.tick);
        if (noIvMarks) {
          // A stale mark: intrinsic value less 1-20 ticks (never negative), which has no implied volatility.
          const intrinsicTicks = Math.floor(Math.max(perp - 50000, 0) / unit / world.tick);
          const below = Math.max(0, intrinsicTicks - 1 - Math.floor(20 * draw())) * world.tick;
          const stale = world.inverse ? below.toFixed(4) : String(below);
          if (draw() >= 1 / 3) return { symbol: NEAR.symbol, markPrice };
          if (intrinsicTicks > 0) belowIntrinsic++;
          return { symbol: NEAR.symbol, markPrice: stale };
        }
        return timeValue >= 5 * world.tick ? { symbol: NEAR.symbol, markPrice } : { symbol: NEAR.symbol, markIv: iv.toFixed(3) };
      };
      const optionMark = (symbol: string): string => formatFixed(filtered.state.options?.markets.get(symbol)?.markPrice ?? 0n);
      const trade = (account: string) => {
        const side = random() < 0.5 ? 'buy' : 'sell';
        const other = side === 'buy' ? 'sell' : 'buy';
        const live = settled ? IV_MARKED : [...IV_MARKED, NEAR.symbol];
        if (random() < 0.4) {
          const size = String(Number((world.futureLot * (1 + Math.floor(random() * 2000))).toPrecision(6)));
          both({ type: 'fill', account, symbol: FUTURE, side, size, price: String(perp), fee: '0', time: at(timeSec) });
          both({ type: 'fill', account: 'maker', symbol: FUTURE, side: other, size, price: String(perp), fee: '0', time: at(timeSec) });
        } else {
          const symbol = pick(live);
          const size = String(Number((Number(world.lot) * (1 + Math.floor(random() * 200))).toPrecision(6)));
          const price = optionMark(symbol);
          // A mark rounded to 0 (far out of the money) takes no fill.
          if (price === '0') return;
          both({ type: 'fill', account, symbol, side, size, price, time: at(timeSec) });
          both({ type: 'fill', account: 'maker', symbol, side: other, size, price, time: at(timeSec) });
        }
      };
      for (const account of accounts) {
        both({ type: 'deposit', account, asset: world.asset, amount: ((0.5 + 2 * random()) * world.deposit).toFixed(4) });
        both({ type: 'setPortfolioMargin', account, model: world.model });
        for (let k = 0; k < 4; k++) trade(account);
      }
      let checked = 0;
      let events = 0;
      /** Margin calls, clearances and liquidations on option prices (the reviews option-review.ts may skip). */
      let optionEvents = 0;
      for (let step = 1; step <= 140; step++) {
        timeSec += 120;
        if (!settled && timeSec >= NEAR_SEC) {
          // The near option expires: settled at its expiry time, before any later price.
          both({ type: 'settleExpiry', symbol: NEAR.symbol, price: String(perp), time: at(NEAR_SEC) });
          settled = true;
          if (timeSec === NEAR_SEC) timeSec += 1;
        }
        const roll = random();
        if (roll < 0.4) {
          // An underlying move (a fifth of them repeat the mark: time only); IV-marked options are re-marked.
          if (random() >= 0.2) perp = Math.max(1000, Math.round((perp * (0.975 + 0.05 * random())) / 0.5) * 0.5);
          const future = { symbol: FUTURE, markPrice: String(perp), indexPrice: String(perp) };
          // While it lives, the price-marked option is re-marked in the same batch (a mark under its intrinsic value has no IV).
          const prices = settled ? [future] : [future, nearEntry(random)];
          events += both({ type: 'prices', prices, time: at(timeSec) }).length;
        } else if (roll < 0.55) {
          const reviewed = both({ type: 'price', symbol: pick(IV_MARKED), markIv: (0.4 + 0.5 * random()).toFixed(3), time: at(timeSec) });
          events += reviewed.length;
          optionEvents += reviewed.filter((e) => e.type !== 'priceUpdated').length;
        } else if (roll < 0.65 && !settled) {
          const reviewed = both({ type: 'price', ...nearEntry(random), time: at(timeSec) });
          events += reviewed.length;
          optionEvents += reviewed.filter((e) => e.type !== 'priceUpdated').length;
        } else if (roll < 0.88) {
          trade(pick(accounts));
        } else {
          both({ type: 'deposit', account: pick(accounts), asset: world.asset, amount: ((0.01 + 0.1 * random()) * world.deposit).toFixed(4) });
        }
        checked += assertWithinBound(filtered, accounts, world.asset, `step ${step}`);
      }
      assert.ok(settled, `seed ${seed}: the near option was settled`);
      assert.ok(checked > 300, `seed ${seed}: only ${checked} pool checks`);
      assert.ok(events > 0, `seed ${seed}: the walk produced no event`);
      assert.ok(optionEvents > 0, `seed ${seed}: no option price moved a pool's level`);
      if (noIvMarks) assert.ok(belowIntrinsic > 3, `seed ${seed}: only ${belowIntrinsic} marks under a positive intrinsic value`);
    });
  }
});
