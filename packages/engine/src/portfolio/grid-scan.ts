/**
 * Float filter of the risk scan for accounts in a grid model (`deribit-pm`) holding futures only,
 * linear (USDC) or inverse (BTC, ETH: P&L, roll and requirement in coin), struct-of-arrays, the
 * same shape as components-scan.ts (docs/portfolio-margin.md, "Grid pools in the scan"):
 *
 *   - per instrument row: its risk array, the P&L of one contract in each column of the grid: the
 *     standard table's 2 x bucketsPerSide + 1 price moves (a future's P&L does not depend on the
 *     volatility, so the three volatility cells of a move are one column), then each extended move:
 *     a future's P&L at the capped move sign(move) x min(|move|, range) (core's
 *     `extendedFutureMove`), an option's P&L x min(1, range / |move|), by core's full revaluation
 *     (`scenarioPnl`); its roll
 *     shock per contract |multiplier x forward| x minAnnualisedMove (inverse: |multiplier| coin x
 *     minAnnualisedMove; multiplier = contractSize / forward);
 *   - per account: the scenario vector = sum of quantity x array, the roll sum, the P&L;
 *   - maintenance estimate = maintenanceFactor x (max(0, -min aggregated column) + roll), with the
 *     aggregation of core's `computeDeribitPm`: gains x pnlOffset, extended losses less the
 *     dampener (USD = the settlement currency of a linear table; an inverse table converts it to
 *     coin at the first position's shocked forward, D / (F0 (1 + move)), F0 the forward of the
 *     account's first position in key order, as the exact path does) and capped at 0.
 *
 * Bound: as components-scan.ts, the error of each float is at most (terms + updates) x 2^-53 x the
 * sum of the terms' magnitudes; aggregation (x pnlOffset <= 1, + dampener, min, max) adds no more
 * than one rounding per step; the exact path reads 14 significant digits and rounds the worst case
 * and the roll shock up at 1e-8, then the maintenance (x factor) up at 1e-8. So `delta = factor x
 * (2^-40 x magnitude + 1e-7)`, with the rebuild after COMPONENTS_SCAN_REBUILD_AFTER updates.
 * Option rows (a kernel built with `volatilityCells`): three columns per standard move (volatility
 * up, same, down, shocked by core's `deribitVolShocks` at the row's time left), Black-76 in float64
 * by `scenarioPnl`, the extended moves at volatility up; no roll shock; the row's value is its
 * Black-76 value per contract. The exact path prices with the same functions on the same floats
 * (one contract here, q contracts there), so the pricing adds only the q x array rounding the
 * magnitude already covers: the bound is the futures' one. The arrays depend on the valuation
 * time: a row must be re-priced when it moves (grid-scan-options.property.test.ts does, at each
 * step of the time, and drops expired options).
 * Inverse: the same, in coin, with the dampener's coin value 4 x D / (F0 x min(1 + move)) added to
 * the magnitude (the conversion is the exact path's expression on the same floats, so it adds one
 * rounding of the sum); the 1e-8 roundings are coin units, inside 1e-7.
 */
import { deribitVolShocks, extendedFutureMove, positionValue, scenarioPnl, yearsLeft, type DeribitPmParams, type PricedPosition } from '@margin/core';
import { COMPONENTS_SCAN_ABSOLUTE_SLACK, COMPONENTS_SCAN_REBUILD_AFTER, COMPONENTS_SCAN_RELATIVE_BOUND } from './components-scan.js';
import { addScaledRow, carryRow, finishRowDiff, oneContract, startRowDiff } from './scan-frame.js';

/** A column's volatility: the option's own, shocked up, shocked down (`deribitVolShocks`). */
const VOL_SAME = 0;
const VOL_UP = 1;
const VOL_DOWN = 2;

interface Columns {
  readonly moves: Float64Array;
  readonly weights: Float64Array;
  readonly vols: Uint8Array;
  readonly standardCount: number;
}

/**
 * The grid's columns: each standard move once (futures only: a future's P&L does not depend on
 * the volatility) or three times, volatility up, same, down (`volatilityCells`: option rows), in
 * computeDeribitPm's cell order; then each extended move with volatility up and its option weight
 * (a future's extended cell ignores the weight: setInstrument revalues it at the capped move).
 */
function gridColumns(params: DeribitPmParams, volatilityCells: boolean): Columns {
  const moves: number[] = [];
  const weights: number[] = [];
  const vols: number[] = [];
  for (let k = -params.bucketsPerSide; k <= params.bucketsPerSide; k++) {
    for (const vol of volatilityCells ? [VOL_UP, VOL_SAME, VOL_DOWN] : [VOL_SAME]) {
      moves.push((params.priceRange * k) / params.bucketsPerSide);
      weights.push(1);
      vols.push(vol);
    }
  }
  const standardCount = moves.length;
  for (const move of params.extendedMoves) {
    moves.push(move);
    weights.push(Math.min(1, params.priceRange / Math.abs(move)));
    vols.push(VOL_UP);
  }
  return { moves: Float64Array.from(moves), weights: Float64Array.from(weights), vols: Uint8Array.from(vols), standardCount };
}

export class GridScan {
  readonly scenarios: number;
  private readonly columns: Columns;
  private readonly factor: number;
  /** Coin-settled (BTC, ETH): P&L in coin, the dampener converted at the first position's shocked forward. */
  private readonly inverse: boolean;
  /** min over extended moves of 1 + move (the dampener's largest coin value is D / (F x this)). */
  private readonly lowestShift: number;
  private array: Float64Array<ArrayBuffer>;
  private roll: Float64Array<ArrayBuffer>;
  private unitValue: Float64Array<ArrayBuffer>;
  /** Per row: its forward (the exact path converts the dampener at positions[0]'s forward). */
  private forward: Float64Array<ArrayBuffer>;
  private rowDiff: Float64Array<ArrayBuffer>;
  /** Per row from its last `repriceRow`: roll change, value change, step magnitude (row x 3). */
  private rowChange: Float64Array<ArrayBuffer>;
  readonly vector: Float64Array<ArrayBuffer>;
  readonly rollSum: Float64Array<ArrayBuffer>;
  readonly pnl: Float64Array<ArrayBuffer>;
  readonly magnitude: Float64Array<ArrayBuffer>;
  readonly updates: Int32Array<ArrayBuffer>;
  /** Per account: the row of its first position in the exact path's order (whose forward converts the dampener). */
  readonly dampenerRow: Int32Array<ArrayBuffer>;

  /** `volatilityCells`: three volatility cells per standard move, so option rows can be held (gridColumns). */
  constructor(
    private readonly params: DeribitPmParams,
    private readonly instruments: number,
    readonly accounts: number,
    readonly volatilityCells = false,
  ) {
    this.columns = gridColumns(params, volatilityCells);
    this.factor = Number(params.maintenanceFactor);
    this.inverse = params.settlement === 'inverse';
    this.lowestShift = params.extendedMoves.reduce((low, move) => Math.min(low, 1 + move), 1);
    const S = (this.scenarios = this.columns.moves.length);
    this.array = new Float64Array(instruments * S);
    this.roll = new Float64Array(instruments);
    this.unitValue = new Float64Array(instruments);
    this.forward = new Float64Array(instruments);
    this.rowDiff = new Float64Array(instruments * S);
    this.rowChange = new Float64Array(instruments * 3);
    this.vector = new Float64Array(accounts * S);
    this.rollSum = new Float64Array(accounts);
    this.pnl = new Float64Array(accounts);
    this.magnitude = new Float64Array(accounts);
    this.updates = new Int32Array(accounts);
    this.dampenerRow = new Int32Array(accounts);
  }

  get instrumentRows(): number {
    return this.instruments;
  }

  /**
   * The risk array of one instrument row from one contract of `priced` (quantity ignored), valued
   * at `nowMs`: a future, or an option when the kernel has volatility cells (its Black-76 value per
   * column, with the volatility shocked as computeDeribitPm shocks it, from the same floats).
   */
  setInstrument(row: number, priced: PricedPosition, nowMs: number): void {
    const one = oneContract(priced);
    const S = this.scenarios;
    const option = one.position.kind === 'option';
    if (option && !this.volatilityCells) throw new RangeError(`condition failed: option ${one.position.id} in a grid kernel without volatility cells`);
    const base = priced.volatility ?? 0;
    const shocks = option ? deribitVolShocks(this.params, base, yearsLeft(one.position, nowMs)) : { up: base, down: base };
    for (let s = 0; s < S; s++) {
      const cell = this.columns.vols[s] as number;
      const vol = cell === VOL_UP ? shocks.up : cell === VOL_DOWN ? shocks.down : base;
      const move = this.columns.moves[s] as number;
      // An extended column of a future is its P&L at the capped move (core's extendedFutureMove), not weighted.
      this.array[row * S + s] =
        !option && s >= this.columns.standardCount
          ? scenarioPnl(one, this.params.settlement, extendedFutureMove(this.params, move), vol, nowMs)
          : (this.columns.weights[s] as number) * scenarioPnl(one, this.params.settlement, move, vol, nowMs);
    }
    // Inverse: the roll is on coin units; one contract's value is -contractSize / F coin (multiplier = contractSize / F),
    // so q x (value - entry value) with entry value -contractSize / entry is the engine's inverse P&L.
    // An option has no roll shock; its value is its Black-76 value per contract in the settlement currency.
    this.roll[row] = option ? 0 : Math.abs(one.position.multiplier * (this.inverse ? 1 : priced.forward)) * this.params.minAnnualisedMove;
    this.unitValue[row] = option ? positionValue(one, this.params.settlement, nowMs) : this.inverse ? -one.position.multiplier : one.position.multiplier * priced.forward;
    this.forward[row] = priced.forward;
  }

  /** Re-price one row, keeping its change for `carry` (components-scan.ts `repriceRow`). */
  repriceRow(row: number, priced: PricedPosition, nowMs: number): void {
    const S = this.scenarios;
    const a = row * S;
    const oldMagnitude = startRowDiff(this.array, this.rowDiff, a, S);
    const oldRoll = this.roll[row] as number;
    const oldValue = this.unitValue[row] as number;
    this.setInstrument(row, priced, nowMs);
    const magnitude = finishRowDiff(this.array, this.rowDiff, a, S, oldMagnitude);
    const c = row * 3;
    this.rowChange[c] = (this.roll[row] as number) - oldRoll;
    this.rowChange[c + 1] = (this.unitValue[row] as number) - oldValue;
    this.rowChange[c + 2] = magnitude + (this.roll[row] as number) + oldRoll + Math.abs(this.unitValue[row] as number) + Math.abs(oldValue);
  }

  /** Carry the last `repriceRow` of `row` into one holder (signed contracts `q`). */
  carry(account: number, row: number, q: number): void {
    const S = this.scenarios;
    carryRow(this.vector, account * S, this.rowDiff, row * S, S, q);
    const size = q < 0 ? -q : q;
    const c = row * 3;
    this.rollSum[account] = (this.rollSum[account] as number) + size * (this.rowChange[c] as number);
    this.pnl[account] = (this.pnl[account] as number) + q * (this.rowChange[c + 1] as number);
    this.magnitude[account] = (this.magnitude[account] as number) + size * (this.rowChange[c + 2] as number) * 2;
    this.updates[account] = (this.updates[account] as number) + 1;
  }

  /**
   * Rebuild one account from its positions (rows, signed quantities, entry values: entry price x
   * contract size, or -contractSize / entry price when inverse), balance not included. The first
   * position is the exact path's first (key order): its forward converts an inverse dampener.
   */
  rebuild(account: number, rows: Int32Array, quantities: Float64Array, entryValues: Float64Array, from: number, to: number): void {
    const S = this.scenarios;
    const v = this.vector;
    const at = account * S;
    v.fill(0, at, at + S);
    let roll = 0;
    let pnl = 0;
    let magnitude = 0;
    for (let i = from; i < to; i++) {
      const row = rows[i] as number;
      const q = quantities[i] as number;
      const size = q < 0 ? -q : q;
      const arrayMagnitude = addScaledRow(v, at, this.array, row * S, S, q);
      roll += size * (this.roll[row] as number);
      pnl += q * ((this.unitValue[row] as number) - (entryValues[i] as number));
      magnitude += arrayMagnitude + size * ((this.roll[row] as number) + Math.abs(this.unitValue[row] as number) + Math.abs(entryValues[i] as number));
    }
    this.rollSum[account] = roll;
    this.pnl[account] = pnl;
    // An inverse dampener is in coin at a moving forward: deltaAt adds its magnitude.
    this.magnitude[account] = (magnitude + (this.inverse ? 0 : this.params.extendedDampener)) * (to - from + 2);
    this.dampenerRow[account] = to > from ? (rows[from] as number) : 0;
    this.updates[account] = 0;
  }

  /** factor x (worst case + roll) from the vector (no allocation). */
  maintenanceAt(account: number): number {
    const S = this.scenarios;
    const v = this.vector;
    const at = account * S;
    const offset = this.params.pnlOffset;
    const dampener = this.params.extendedDampener;
    const forward = this.forward[this.dampenerRow[account] as number] as number;
    let lowest = 0;
    for (let s = 0; s < S; s++) {
      let sum = v[at + s] as number;
      // The dampener is in USD: an inverse table converts it at the shocked forward, as computeDeribitPm does.
      if (s >= this.columns.standardCount && sum < 0) sum = Math.min(0, sum + (this.inverse ? dampener / (forward * (1 + (this.columns.moves[s] as number))) : dampener));
      const aggregated = sum > 0 ? sum * offset : sum;
      if (aggregated < lowest) lowest = aggregated;
    }
    return this.factor * (-lowest + (this.rollSum[account] as number));
  }

  deltaAt(account: number): number {
    const dampenerCoin = this.inverse ? this.params.extendedDampener / ((this.forward[this.dampenerRow[account] as number] as number) * this.lowestShift) : 0;
    return Math.max(1, this.factor) * (COMPONENTS_SCAN_RELATIVE_BOUND * ((this.magnitude[account] as number) + 4 * dampenerCoin) + COMPONENTS_SCAN_ABSOLUTE_SLACK);
  }

  /** Too many updates since the rebuild: confirm exactly (the grid has no tier edge). */
  exactOnlyAt(account: number): boolean {
    return (this.updates[account] as number) > COMPONENTS_SCAN_REBUILD_AFTER;
  }

  /** One contract's value of a row as the P&L sum counts it (an entry value equal to it adds 0 P&L: option-pool-filter.ts). */
  valueOf(row: number): number {
    return this.unitValue[row] as number;
  }

  /** No basis term in the grid: the engine's time slack is 0 here. */
  notionalOf(): number {
    return 0;
  }

  /** A copy with room for `instruments` rows and `accounts` accounts. */
  grown(instruments: number, accounts: number): GridScan {
    const next = new GridScan(this.params, Math.max(instruments, this.instruments), Math.max(accounts, this.accounts), this.volatilityCells);
    next.array.set(this.array);
    next.roll.set(this.roll);
    next.unitValue.set(this.unitValue);
    next.forward.set(this.forward);
    next.rowDiff.set(this.rowDiff);
    next.rowChange.set(this.rowChange);
    next.vector.set(this.vector);
    next.rollSum.set(this.rollSum);
    next.pnl.set(this.pnl);
    next.magnitude.set(this.magnitude);
    next.updates.set(this.updates);
    next.dampenerRow.set(this.dampenerRow);
    return next;
  }
}
