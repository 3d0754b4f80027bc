/**
 * Float filter of the risk scan for accounts in a components model (`okx-pm`), struct-of-arrays
 * (docs/portfolio-margin.md, "Scan of portfolio accounts"):
 *
 *   - per instrument, once per price update: its risk array (the P&L of one contract in each of
 *     the model's scenarios: MR1 moves x volatilities, then MR6 extreme moves x {same, up}), by
 *     core's full revaluation (`scenarioPnl`), and its notional and basis rate per contract;
 *   - per account (one risk unit): the scenario vector (Float64Array lanes) = sum of quantity x
 *     risk array, the futures basis sum, the notional sum and the P&L, cached; a price update of
 *     one symbol adds quantity x (new array - old array) to each holder's vector (O(scenarios) per
 *     holder, whatever the portfolio's size);
 *   - maintenance estimate = max(MR1 + MR4, MR6, MR7) from the vector, equity = balance + P&L, and
 *     an error bound `delta` (below); a pool is flagged when its margin-call level or its
 *     liquidation could change within the bound, and only flagged pools are confirmed exactly.
 *
 * Bound: every float here is a sum of products of finite floats, so its error is at most
 * (terms + updates) x 2^-53 x (sum of the terms' magnitudes); the exact path (core's
 * `computeOkxPm`) is itself float with another summation order, then reads 14 significant digits
 * and rounds up at 1e-8 per component. `delta = COMPONENTS_SCAN_RELATIVE_BOUND x magnitude +
 * COMPONENTS_SCAN_ABSOLUTE_SLACK`, with magnitude the accumulated sum of |terms| since the last
 * rebuild; an account is rebuilt from its positions after COMPONENTS_SCAN_REBUILD_AFTER updates,
 * so 2^-40 (8,192 x 2^-53) covers terms plus updates. A unit of long options only (the exact path
 * caps it at the options' value) is always flagged.
 */
import { scenarioPnl, yearsLeft, type OkxPmParams, type PricedPosition } from '@margin/core';
import { addScaledRow, carryRow, finishRowDiff, grownRows, oneContract, startRowDiff } from './scan-frame.js';

export const COMPONENTS_SCAN_RELATIVE_BOUND = 2 ** -40;
/** Four components rounded up at 1e-8 each, and the 14-digit read: 1e-7 covers both. */
export const COMPONENTS_SCAN_ABSOLUTE_SLACK = 1e-7;
export const COMPONENTS_SCAN_REBUILD_AFTER = 1024;

type Scenarios = { readonly moves: Float64Array; readonly vols: Float64Array; readonly mr1Count: number };
const SCENARIOS = new WeakMap<OkxPmParams, Scenarios>();

/** The scenario columns of a components model: MR1 cells then MR6 cells (built once per parameter set). */
export function componentsScenarios(params: OkxPmParams): Scenarios {
  let found = SCENARIOS.get(params);
  if (found === undefined) SCENARIOS.set(params, (found = buildScenarios(params)));
  return found;
}

function buildScenarios(params: OkxPmParams): Scenarios {
  const mr1Moves = [0, ...params.spotShocks.flatMap((s) => [s, -s])].sort((a, b) => a - b);
  const moves: number[] = [];
  const vols: number[] = [];
  for (const move of mr1Moves) {
    for (const vol of [-params.volShockDown, 0, params.volShockUp]) {
      moves.push(move);
      vols.push(vol);
    }
  }
  const mr1Count = moves.length;
  for (const move of [-params.extremeMove, params.extremeMove]) {
    for (const vol of [0, params.volShockUp]) {
      moves.push(move);
      vols.push(vol);
    }
  }
  return { moves: Float64Array.from(moves), vols: Float64Array.from(vols), mr1Count };
}

/**
 * Whether a pool's margin-call level or liquidation could change, given float figures within
 * `delta` of the exact ones (the same tests as scan-index.ts `flagged`).
 */
export function levelMayChange(maintenance: number, equity: number, delta: number, level: number, thresholds: Float64Array, hysteresis: number): boolean {
  if (!Number.isFinite(maintenance) || !Number.isFinite(equity) || !Number.isFinite(delta)) return true;
  if (maintenance - equity > -2 * delta) return true;
  if (level < thresholds.length) {
    const up = thresholds[level] as number;
    if (maintenance + delta > 0 && maintenance - up * equity >= -delta * (1 + up)) return true;
  }
  if (level > 0) {
    const rearm = (thresholds[level - 1] as number) - hysteresis;
    if (maintenance - delta <= 0 || maintenance - rearm * equity < delta * (1 + rearm)) return true;
  }
  return false;
}

/** The margin-call levels per account and the thresholds a flag is tested against. */
export interface FlagRule {
  readonly levels: Uint8Array;
  readonly thresholds: Float64Array;
  readonly hysteresis: number;
}

export class ComponentsScan {
  readonly scenarios: number;
  private readonly mr1Count: number;
  private readonly moves: Float64Array;
  private readonly volShocks: Float64Array;
  /** Per instrument row: risk array (row x scenarios), notional and basis per contract, forward x multiplier, option flag. */
  private array: Float64Array;
  private notional: Float64Array;
  private basisRate: Float64Array;
  private unitValue: Float64Array;
  private isOption: Uint8Array;
  private readonly instruments: number;
  /** Per instrument row, from its last `repriceRow`: array change (row x scenarios); notional, basis, value changes and the step magnitude (row x 4). */
  private rowDiff: Float64Array<ArrayBuffer> = new Float64Array(0);
  private rowChange: Float64Array<ArrayBuffer> = new Float64Array(0);
  /** Per account: scenario vector (account x scenarios), sums, magnitude, update count. */
  readonly vector: Float64Array;
  readonly basis: Float64Array;
  readonly notionalSum: Float64Array;
  readonly pnl: Float64Array;
  readonly balance: Float64Array;
  readonly magnitude: Float64Array;
  readonly updates: Int32Array;
  readonly longOptionsOnly: Uint8Array;
  /** The reduction tiers as typed arrays (the hot path reads them per holder): edge (Infinity for the open last tier) and multiplier. */
  private readonly tierEdge: Float64Array;
  private readonly tierMultiplier: Float64Array;

  constructor(
    private readonly params: OkxPmParams,
    instruments: number,
    readonly accounts: number,
  ) {
    const { moves, vols, mr1Count } = componentsScenarios(params);
    this.moves = moves;
    this.volShocks = vols;
    this.mr1Count = mr1Count;
    this.scenarios = moves.length;
    this.instruments = instruments;
    this.array = new Float64Array(instruments * this.scenarios);
    this.notional = new Float64Array(instruments);
    this.basisRate = new Float64Array(instruments);
    this.unitValue = new Float64Array(instruments);
    this.isOption = new Uint8Array(instruments);
    this.vector = new Float64Array(accounts * this.scenarios);
    this.basis = new Float64Array(accounts);
    this.notionalSum = new Float64Array(accounts);
    this.pnl = new Float64Array(accounts);
    this.balance = new Float64Array(accounts);
    this.magnitude = new Float64Array(accounts);
    this.updates = new Int32Array(accounts);
    this.longOptionsOnly = new Uint8Array(accounts);
    this.tierEdge = Float64Array.from(params.reductionTiers, (tier) => tier.upToNotional ?? Infinity);
    this.tierMultiplier = Float64Array.from(params.reductionTiers, (tier) => tier.multiplier);
  }

  /** The risk array and per-contract figures of one instrument row, from one contract of `priced` (quantity ignored). */
  setInstrument(row: number, priced: PricedPosition, nowMs: number): void {
    const one = oneContract(priced);
    const S = this.scenarios;
    const base = priced.volatility ?? 0;
    for (let s = 0; s < S; s++) {
      const shock = this.volShocks[s] as number;
      const vol = shock < 0 ? Math.max(base * (1 + shock), 1e-4) : base * (1 + shock);
      this.array[row * S + s] = -scenarioPnl(one, this.params.settlement, this.moves[s] as number, vol, nowMs);
    }
    const coin = this.params.settlement === 'inverse';
    const notional = Math.abs(one.position.multiplier * priced.forward) / (coin ? priced.forward : 1);
    this.notional[row] = notional;
    this.unitValue[row] = one.position.multiplier * priced.forward;
    this.isOption[row] = one.position.kind === 'option' ? 1 : 0;
    this.basisRate[row] = one.position.kind === 'future' ? Math.max(this.params.basisMinimum, this.params.annualisedMoveRisk * yearsLeft(one.position, nowMs)) : 0;
  }

  /** Rebuild one account from its positions (rows, signed quantities, entry values = entry price x multiplier). */
  rebuild(account: number, rows: Int32Array, quantities: Float64Array, entryValues: Float64Array, from: number, to: number, balance: number): void {
    const S = this.scenarios;
    const v = this.vector;
    const at = account * S;
    v.fill(0, at, at + S);
    let basis = 0;
    let notional = 0;
    let pnl = 0;
    let magnitude = Math.abs(balance);
    let longOptions = to > from ? 1 : 0;
    for (let i = from; i < to; i++) {
      const row = rows[i] as number;
      const q = quantities[i] as number;
      const size = q < 0 ? -q : q;
      const arrayMagnitude = addScaledRow(v, at, this.array, row * S, S, q);
      const n = size * (this.notional[row] as number);
      basis += n * (this.basisRate[row] as number);
      notional += n;
      pnl += q * ((this.unitValue[row] as number) - (entryValues[i] as number));
      magnitude += arrayMagnitude + n + size * (Math.abs(this.unitValue[row] as number) + Math.abs(entryValues[i] as number));
      if (this.isOption[row] !== 1 || q < 0) longOptions = 0;
    }
    this.basis[account] = basis;
    this.notionalSum[account] = notional;
    this.pnl[account] = pnl;
    this.balance[account] = balance;
    this.magnitude[account] = magnitude * (to - from + 2);
    this.updates[account] = 0;
    this.longOptionsOnly[account] = longOptions;
  }

  /**
   * Re-price one instrument row and carry the change into its holders' vectors: `holders` and
   * `quantities` list the accounts holding the row (struct-of-arrays). With `flag`, returns the
   * holders to confirm exactly (`flagged`), in holder order; callers rebuild an account whose
   * `updates` passed the limit.
   */
  reprice(row: number, priced: PricedPosition, nowMs: number, holders: Int32Array, quantities: Float64Array, count: number, flag?: FlagRule): number[] {
    const S = this.scenarios;
    const old = this.array.slice(row * S, row * S + S);
    const oldNotional = this.notional[row] as number;
    const oldBasis = oldNotional * (this.basisRate[row] as number);
    const oldValue = this.unitValue[row] as number;
    this.setInstrument(row, priced, nowMs);
    const diff = new Float64Array(S);
    let diffMagnitude = 0;
    for (let s = 0; s < S; s++) {
      diff[s] = (this.array[row * S + s] as number) - (old[s] as number);
      diffMagnitude += Math.abs(this.array[row * S + s] as number) + Math.abs(old[s] as number);
    }
    const newNotional = this.notional[row] as number;
    const dNotional = newNotional - oldNotional;
    const dBasis = newNotional * (this.basisRate[row] as number) - oldBasis;
    const dValue = (this.unitValue[row] as number) - oldValue;
    const stepMagnitude = diffMagnitude + newNotional + oldNotional + Math.abs(this.unitValue[row] as number) + Math.abs(oldValue);
    const v = this.vector;
    const flaggedAccounts: number[] = [];
    for (let h = 0; h < count; h++) {
      const account = holders[h] as number;
      const q = quantities[h] as number;
      const size = q < 0 ? -q : q;
      carryRow(v, account * S, diff, 0, S, q);
      this.notionalSum[account] = (this.notionalSum[account] as number) + size * dNotional;
      this.basis[account] = (this.basis[account] as number) + size * dBasis;
      this.pnl[account] = (this.pnl[account] as number) + q * dValue;
      this.magnitude[account] = (this.magnitude[account] as number) + size * stepMagnitude * 2;
      this.updates[account] = (this.updates[account] as number) + 1;
      // Flag while the holder's lanes are in cache (one sweep over the vectors, not two).
      if (flag !== undefined && this.flagged(account, flag.levels[account] ?? 0, flag.thresholds, flag.hysteresis)) flaggedAccounts.push(account);
    }
    return flaggedAccounts;
  }

  /**
   * Re-price one instrument row and keep its change (new array - old array, and the per-contract
   * sums' changes) for `carry`: the engine applies it to each holder lazily, when the holder's pool
   * is next reviewed (portfolio-vectors.ts). No allocation.
   */
  repriceRow(row: number, priced: PricedPosition, nowMs: number): void {
    const S = this.scenarios;
    this.rowDiff = grownRows(this.rowDiff, this.instruments * S);
    this.rowChange = grownRows(this.rowChange, this.instruments * 4);
    const a = row * S;
    const oldNotional = this.notional[row] as number;
    const oldBasis = oldNotional * (this.basisRate[row] as number);
    const oldValue = this.unitValue[row] as number;
    const oldMagnitude = startRowDiff(this.array, this.rowDiff, a, S);
    this.setInstrument(row, priced, nowMs);
    const diffMagnitude = finishRowDiff(this.array, this.rowDiff, a, S, oldMagnitude);
    const newNotional = this.notional[row] as number;
    const c = row * 4;
    this.rowChange[c] = newNotional - oldNotional;
    this.rowChange[c + 1] = newNotional * (this.basisRate[row] as number) - oldBasis;
    this.rowChange[c + 2] = (this.unitValue[row] as number) - oldValue;
    this.rowChange[c + 3] = diffMagnitude + newNotional + oldNotional + Math.abs(this.unitValue[row] as number) + Math.abs(oldValue);
  }

  /** Carry the last `repriceRow` of `row` into one holder (signed contracts `q`): the per-holder step of `reprice`. */
  carry(account: number, row: number, q: number): void {
    const S = this.scenarios;
    carryRow(this.vector, account * S, this.rowDiff, row * S, S, q);
    const size = q < 0 ? -q : q;
    const c = row * 4;
    this.notionalSum[account] = (this.notionalSum[account] as number) + size * (this.rowChange[c] as number);
    this.basis[account] = (this.basis[account] as number) + size * (this.rowChange[c + 1] as number);
    this.pnl[account] = (this.pnl[account] as number) + q * (this.rowChange[c + 2] as number);
    this.magnitude[account] = (this.magnitude[account] as number) + size * (this.rowChange[c + 3] as number) * 2;
    this.updates[account] = (this.updates[account] as number) + 1;
  }

  /** The float maintenance of one account (no allocation: the engine filter's hot path). */
  maintenanceAt(account: number): number {
    return this.maintenanceOf(account);
  }

  /** The float bound of one account's figures. */
  deltaAt(account: number): number {
    return this.deltaOf(account);
  }

  /** Whether the account cannot be bounded (long options only, too many updates, a tier edge within `delta`). */
  exactOnlyAt(account: number, delta: number): boolean {
    return this.longOptionsOnly[account] === 1 || (this.updates[account] as number) > COMPONENTS_SCAN_REBUILD_AFTER || this.nearTierEdge(account, delta);
  }

  /** One contract's value of a row as the P&L sum counts it (an entry value equal to it adds 0 P&L: option-pool-filter.ts). */
  valueOf(row: number): number {
    return this.unitValue[row] as number;
  }

  /** Notional of one contract of an instrument row (for the basis time slack of the engine filter). */
  notionalOf(row: number): number {
    return this.notional[row] as number;
  }

  /** A copy with room for `instruments` rows and `accounts` accounts (the engine grows its kernels). */
  grown(instruments: number, accounts: number): ComponentsScan {
    const next = new ComponentsScan(this.params, Math.max(instruments, this.instruments), Math.max(accounts, this.accounts));
    next.array.set(this.array);
    next.notional.set(this.notional);
    next.basisRate.set(this.basisRate);
    next.unitValue.set(this.unitValue);
    next.isOption.set(this.isOption);
    next.rowDiff = grownRows(this.rowDiff, next.instruments * this.scenarios);
    next.rowChange = grownRows(this.rowChange, next.instruments * 4);
    next.vector.set(this.vector);
    next.basis.set(this.basis);
    next.notionalSum.set(this.notionalSum);
    next.pnl.set(this.pnl);
    next.balance.set(this.balance);
    next.magnitude.set(this.magnitude);
    next.updates.set(this.updates);
    next.longOptionsOnly.set(this.longOptionsOnly);
    return next;
  }

  /** Float maintenance, equity and bound of one account (one risk unit). */
  estimate(account: number): { maintenance: number; equity: number; delta: number } {
    const maintenance = this.maintenanceOf(account);
    return { maintenance, equity: (this.balance[account] as number) + (this.pnl[account] as number), delta: this.deltaOf(account) };
  }

  /** max(MR1 + MR4, MR6, MR7) from the cached vector and sums (the hot path: no allocation). */
  private maintenanceOf(account: number): number {
    const S = this.scenarios;
    const v = this.vector;
    const at = account * S;
    const mr1End = at + this.mr1Count;
    let mr1 = 0;
    for (let i = at; i < mr1End; i++) {
      const loss = v[i] as number;
      if (loss > mr1) mr1 = loss;
    }
    let extreme = 0;
    for (let i = mr1End; i < at + S; i++) {
      const loss = v[i] as number;
      if (loss > extreme) extreme = loss;
    }
    const notional = this.notionalSum[account] as number;
    let multiplier = 1;
    const edges = this.tierEdge;
    for (let t = 0; t < edges.length; t++) {
      // An open tier (Infinity) takes any notional, as `upToNotional === null` did.
      if ((edges[t] as number) === Infinity || notional <= (edges[t] as number)) {
        multiplier = this.tierMultiplier[t] as number;
        break;
      }
    }
    const mr7 = notional * this.params.reductionRate * multiplier;
    const mr6 = this.params.extremeFraction * extreme;
    const stress = mr1 + (this.basis[account] as number);
    return stress >= mr6 && stress >= mr7 ? stress : mr6 >= mr7 ? mr6 : mr7;
  }

  private deltaOf(account: number): number {
    return COMPONENTS_SCAN_RELATIVE_BOUND * (this.magnitude[account] as number) + COMPONENTS_SCAN_ABSOLUTE_SLACK;
  }

  /**
   * Whether the account must be confirmed exactly: liquidation possible within the bound, a
   * margin-call threshold (`thresholds`, ratios MM / equity, with `hysteresis` on the way down) that
   * its level could cross, a reduction tier edge within the bound, long options only, or too many
   * updates since its rebuild.
   */
  flagged(account: number, level: number, thresholds: Float64Array, hysteresis: number): boolean {
    if (this.longOptionsOnly[account] === 1 || (this.updates[account] as number) > COMPONENTS_SCAN_REBUILD_AFTER) return true;
    const maintenance = this.maintenanceOf(account);
    const equity = (this.balance[account] as number) + (this.pnl[account] as number);
    const delta = this.deltaOf(account);
    if (this.nearTierEdge(account, delta)) return true;
    return levelMayChange(maintenance, equity, delta, level, thresholds, hysteresis);
  }

  /** Whether the notional sits within `delta` of a reduction tier edge (the multiplier jumps there). */
  nearTierEdge(account: number, delta: number): boolean {
    const notional = this.notionalSum[account] as number;
    const edges = this.tierEdge;
    for (let t = 0; t < edges.length; t++) {
      const edge = edges[t] as number;
      if (edge !== Infinity && Math.abs(notional - edge) <= delta) return true;
    }
    return false;
  }

  /** The float figures of one account for callers that add several units (engine filter). */
  figures(account: number): { maintenance: number; equity: number; delta: number; exactOnly: boolean } {
    const delta = this.deltaOf(account);
    return {
      maintenance: this.maintenanceOf(account),
      equity: (this.balance[account] as number) + (this.pnl[account] as number),
      delta,
      exactOnly: this.longOptionsOnly[account] === 1 || (this.updates[account] as number) > COMPONENTS_SCAN_REBUILD_AFTER || this.nearTierEdge(account, delta),
    };
  }

  get instrumentRows(): number {
    return this.instruments;
  }
}
