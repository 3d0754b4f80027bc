/**
 * The float filter for portfolio pools holding options (docs/portfolio-margin.md, "Option pools in
 * the scan"): the cross pool of an account in portfolio margin whose option book holds options
 * settled in the pool's asset. portfolio-vectors.ts hands such pools here (its incremental
 * vectors hold futures only).
 *
 * Rows: per parameter set one kernel (`GridScan` with volatility cells for a deribit-pm currency,
 * `ComponentsScan` for an okx-pm unit), its rows the pools' futures and options, each valued at
 * the pool's valuation time (the latest price time of its markets, options included: what
 * `portfolioRequirement` values at). A row is re-priced only when its forward, volatility,
 * instrument or that time moved, so on a price update every row re-prices once (Black-76 per
 * column for an option) and the pools reviewed after it read the same row.
 *
 * Per pool and review: its scenario vector from scratch, sum of quantity x row over its positions
 * (O(positions x lanes), no state kept per pool, so nothing can go stale: option fills, expiries
 * and previews need no invalidation), then the kernel's maintenance and bound; equity = balance +
 * futures P&L (the kernel's) + the options' mark value when the venue counts it
 * (`optionValueInEquity`: sum of q x contract size x mark, each rounded against the account by
 * the exact path at 1e-18).
 *
 * Bound: the kernels' (futures and options priced by the same core functions on the same floats
 * as the exact path, at the same time; components-scan.ts, grid-scan.ts), summed over the pool's
 * units, plus 2^-40 x 4 x (|balance| + sum |option values|) + 1e-7 for the option values' reading
 * and rounding. A pool is confirmed exactly whatever its figures when an option has no
 * volatility (only at or after expiry: a mark without IV is revalued at IV_MIN or IV_MAX, core's
 * `markVolatility`, as the exact path does), is settled or at expiry, a market has no mark, a
 * symbol has no parameters, a components unit is inverse, or the kernel cannot bound it (long
 * options only in okx-pm).
 */
import { fixedToNumber, venue, type DeribitPmParams, type OkxPmParams, type PricedPosition } from '@margin/core';
import type { Account, EngineState } from '../state/types.js';
import { grownFloat64 } from '../scan/growable.js';
import { optionMarket, optionPositionsOf } from '../state/option-book.js';
import { COMPONENTS_SCAN_ABSOLUTE_SLACK, COMPONENTS_SCAN_RELATIVE_BOUND, ComponentsScan, levelMayChange } from './components-scan.js';
import { GridScan } from './grid-scan.js';
import { modelOf } from './portfolio-account.js';
import { paramsFor } from './portfolio-model.js';
import { pricedOptionOf } from './portfolio-options.js';
import { pricedPositionOf } from './portfolio-position.js';

type Kernel = GridScan | ComponentsScan;

/** One parameter set's kernel; row per symbol, with what it was valued from. */
class OptionUnit {
  kernel: Kernel;
  readonly rowOf = new Map<string, number>();
  private seenForward = new Float64Array(8);
  private seenVolatility = new Float64Array(8);
  private seenTime = new Float64Array(8);
  private readonly seenInstrument: unknown[] = [];
  rows = 0;

  constructor(params: OkxPmParams | DeribitPmParams, grid: boolean) {
    this.kernel = grid ? new GridScan(params as DeribitPmParams, 8, 1, true) : new ComponentsScan(params as OkxPmParams, 8, 1);
  }

  /** The row of `symbol`, valued from `priced` at `nowMs` (re-priced when any of them moved). */
  rowFor(symbol: string, instrument: unknown, priced: PricedPosition, nowMs: number): number {
    let row = this.rowOf.get(symbol);
    if (row === undefined) {
      row = this.rows++;
      if (row >= this.kernel.instrumentRows) {
        const capacity = this.kernel.instrumentRows * 2;
        this.kernel = this.kernel.grown(capacity, 1);
        this.seenForward = grownFloat64(this.seenForward, capacity);
        this.seenVolatility = grownFloat64(this.seenVolatility, capacity);
        this.seenTime = grownFloat64(this.seenTime, capacity);
      }
      this.rowOf.set(symbol, row);
    } else if (
      this.seenForward[row] === priced.forward &&
      this.seenVolatility[row] === (priced.volatility ?? -1) &&
      this.seenTime[row] === nowMs &&
      this.seenInstrument[row] === instrument
    ) {
      return row;
    }
    this.kernel.setInstrument(row, priced, nowMs);
    this.seenForward[row] = priced.forward;
    this.seenVolatility[row] = priced.volatility ?? -1;
    this.seenTime[row] = nowMs;
    this.seenInstrument[row] = instrument;
    return row;
  }
}

interface Held {
  readonly unit: OptionUnit;
  readonly key: string;
  readonly instrument: unknown;
  readonly priced: PricedPosition;
  readonly q: number;
  /** Entry value (futures; options: NaN, set to the row's value so the kernel adds no P&L). */
  readonly entryValue: number;
  readonly option: boolean;
}

export class OptionPoolFilter {
  private readonly units = new Map<OkxPmParams | DeribitPmParams, OptionUnit>();
  private rows = new Int32Array(32);
  private quantities = new Float64Array(32);
  private entries = new Float64Array(32);
  private configSeen: unknown = null;
  private levelsSeen: unknown = null;
  private thresholds = new Float64Array(0);
  private hysteresis = 0;

  constructor(private readonly state: EngineState) {}

  /** Whether the pool's level or liquidation could change (true: confirm it exactly). */
  flag(pool: number, account: Account, asset: string): boolean {
    const figures = this.estimate(pool, account, asset);
    if (figures === null) return true;
    this.readRule();
    return levelMayChange(figures.maintenance, figures.equity, figures.delta, this.state.scan.level(pool), this.thresholds, this.hysteresis);
  }

  /** The pool's float maintenance, equity (balance included) and bound; null when it must be confirmed exactly. */
  estimate(pool: number, account: Account, asset: string): { maintenance: number; equity: number; delta: number } | null {
    const model = modelOf(account);
    if (model === null) return null;
    const held: Held[] = [];
    let nowMs = 0;
    const futures = [...account.positions.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const position of futures) {
      const market = this.state.markets.get(position.symbol);
      if (market === undefined || market.instrument.settle !== asset || position.margin !== 'cross') continue;
      if (market.markPrice === null) return null;
      const params = paramsFor(model, market);
      if ('refusal' in params || (params.method !== 'grid' && params.params.settlement !== 'linear')) return null;
      if (market.priceTimeMs !== null && market.priceTimeMs > nowMs) nowMs = market.priceTimeMs;
      const contractSize = fixedToNumber(market.instrument.contractSize);
      const entry = fixedToNumber(position.entryPrice);
      const entryValue = params.params.settlement === 'inverse' ? -contractSize / entry : entry * contractSize;
      const unit = this.unitFor(params.params, params.method === 'grid');
      held.push({ unit, key: position.symbol, instrument: market.instrument, priced: pricedPositionOf(position, market), q: fixedToNumber(position.size), entryValue, option: false });
    }
    // The venue's rule, as risk/option-requirement.ts reads it (that folder imports this one).
    const inEquity = venue(this.state.profile.name).standardOptions?.optionValueInEquity ?? true;
    let optionEquity = 0;
    let optionMagnitude = 0;
    for (const option of optionPositionsOf(this.state, account.id, asset)) {
      const market = optionMarket(this.state, option.symbol);
      if (market === null || market.markPrice === null || market.settlementPrice !== null) return null;
      const { market: keyed, priced, timeMs } = pricedOptionOf(this.state, option);
      if (priced.volatility === null) return null;
      const params = paramsFor(model, keyed);
      if ('refusal' in params || (params.method !== 'grid' && params.params.settlement !== 'linear')) return null;
      if (timeMs > nowMs) nowMs = timeMs;
      const value = fixedToNumber(option.size) * fixedToNumber(market.instrument.contractSize) * fixedToNumber(market.markPrice);
      if (inEquity) optionEquity += value;
      optionMagnitude += Math.abs(value);
      const unit = this.unitFor(params.params, params.method === 'grid');
      held.push({ unit, key: option.symbol, instrument: market.instrument, priced, q: priced.position.quantity, entryValue: NaN, option: true });
    }
    for (const h of held) if (h.option && !((h.priced.position.expiryMs ?? Infinity) > nowMs)) return null;
    if (held.length > this.rows.length) {
      this.rows = new Int32Array(held.length * 2);
      this.quantities = new Float64Array(held.length * 2);
      this.entries = new Float64Array(held.length * 2);
    }
    const balance = this.state.scan.balance(pool);
    let maintenance = 0;
    let equity = balance + optionEquity;
    let delta = COMPONENTS_SCAN_RELATIVE_BOUND * 4 * (Math.abs(balance) + optionMagnitude) + COMPONENTS_SCAN_ABSOLUTE_SLACK;
    // Unit by unit, positions in the exact path's order (futures by key, then options by symbol): an inverse grid's dampener reads the first.
    const done = new Set<OptionUnit>();
    for (const first of held) {
      if (done.has(first.unit)) continue;
      done.add(first.unit);
      const unit = first.unit;
      let count = 0;
      for (const h of held) {
        if (h.unit !== unit) continue;
        const row = unit.rowFor(h.key, h.instrument, h.priced, nowMs);
        this.rows[count] = row;
        this.quantities[count] = h.q;
        this.entries[count] = h.option ? unit.kernel.valueOf(row) : h.entryValue;
        count++;
      }
      const kernel = unit.kernel;
      if (kernel instanceof ComponentsScan) kernel.rebuild(0, this.rows, this.quantities, this.entries, 0, count, 0);
      else kernel.rebuild(0, this.rows, this.quantities, this.entries, 0, count);
      const unitDelta = kernel.deltaAt(0);
      if (kernel instanceof ComponentsScan ? kernel.exactOnlyAt(0, unitDelta) : kernel.exactOnlyAt(0)) return null;
      maintenance += kernel.maintenanceAt(0);
      equity += kernel.pnl[0] as number;
      delta += unitDelta;
    }
    return { maintenance, equity, delta };
  }

  private unitFor(params: OkxPmParams | DeribitPmParams, grid: boolean): OptionUnit {
    let unit = this.units.get(params);
    if (unit === undefined) this.units.set(params, (unit = new OptionUnit(params, grid)));
    return unit;
  }

  /** The margin-call thresholds and hysteresis (re-read when the config or its levels were replaced). */
  private readRule(): void {
    const config = this.state.marginCalls;
    if (this.configSeen === config && this.levelsSeen === config.levels) return;
    this.configSeen = config;
    this.levelsSeen = config.levels;
    this.thresholds = Float64Array.from(config.levels, (level) => fixedToNumber(level.ratio));
    this.hysteresis = fixedToNumber(config.hysteresis);
  }
}

const FILTERS = new WeakMap<EngineState, OptionPoolFilter>();

/** The engine's option pool filter (created on first use). */
export function optionPoolFilter(state: EngineState): OptionPoolFilter {
  let filter = FILTERS.get(state);
  if (filter === undefined) FILTERS.set(state, (filter = new OptionPoolFilter(state)));
  return filter;
}
