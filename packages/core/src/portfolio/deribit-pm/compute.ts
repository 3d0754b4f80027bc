/**
 * Deribit-style portfolio margin for one settlement currency (Deribit S:PM; formulas and what is
 * observed rather than published: docs/portfolio-margin.md):
 *
 *   standard table: 2 x bucketsPerSide + 1 price moves from -range to +range x volatility {up, same, down}
 *   vol up = max(IV (1 + up (30/DTE)^p), minVolUp), vol down = max(IV (1 - down (30/DTE)^p), 0+)
 *   extended table: each extended move with volatility up, less the dampener; a future counts its
 *     P&L at the capped move sign(move) x min(|move|, range) (Deribit's published risk vectors), an
 *     option its P&L x min(1, range / |move|) ("a fraction of simulated P&L"; Paradex's weights)
 *   aggregated cell = sum of positions' P&L, gains x pnlOffset;  worst case = max(0, -min cell)
 *   initial (risk matrix) = worst case + roll shock (sum |futures units| x minAnnualisedMove)
 *   maintenance = maintenanceFactor x initial
 *
 * Delta shock and the correlation contingency are not modelled (their formulas are unpublished).
 */
import { InputError } from '../../errors.js';
import type { Fixed } from '../../num/fixed.js';
import { floatToE18, moneyUp, scaleMoneyUp } from '../money.js';
import { checkPortfolioPosition } from '../position.js';
import { checkPriced, scenarioPnl, yearsLeft, type PricedPosition } from '../revalue.js';
import type { DeribitPmParams } from './params.js';

export interface GridCell {
  readonly table: 'standard' | 'extended';
  /** Price move, fraction. */
  readonly move: number;
  readonly vol: 'up' | 'same' | 'down';
  /** Fraction of an option's P&L counted (1 in the standard table); futures count the capped move's P&L. */
  readonly weight: number;
  /** Each position's P&L in this cell (gain positive, settlement currency, weight applied). */
  readonly pnlByPosition: readonly number[];
  /** Sum, with gains x pnlOffset and, in the extended table, the dampener applied. */
  readonly aggregated: number;
}

export interface DeribitPmResult {
  readonly currency: string;
  readonly cells: readonly GridCell[];
  /** Index into `cells` of the worst (lowest) aggregated cell. */
  readonly worstCell: number;
  readonly worstCase: Fixed;
  readonly rollShock: Fixed;
  readonly initial: Fixed;
  readonly maintenanceFactor: string;
  readonly maintenance: Fixed;
}

export interface PmLine {
  readonly kind: string;
  readonly label: string;
  readonly amount: Fixed;
}

const DAYS_PER_YEAR = 365;

/** Shocked volatilities up and down of an option with `timeYears` left. */
export function deribitVolShocks(params: DeribitPmParams, volatility: number, timeYears: number): { up: number; down: number } {
  const days = Math.max(timeYears * DAYS_PER_YEAR, 1 / 24);
  const power = days < params.vegaPowerSwitchDays ? params.shortTermVegaPower : params.longTermVegaPower;
  const scale = (30 / days) ** power;
  return {
    up: Math.max(volatility * (1 + params.volRangeUp * scale), params.minVolatilityForShockUp),
    down: Math.max(volatility * (1 - params.volRangeDown * scale), 1e-4),
  };
}

/**
 * The move at which a future is revalued in an extended cell: the cell's move capped at
 * +-priceRange (Deribit's `initial_risk_vectors` of `private/pme/simulate` show each extended entry
 * of a future equal to its P&L at +-price_range). Equal to range/|move| x P&L for linear futures;
 * smaller for inverse ones (q (1 - 1/(1 + m)) is not linear in m).
 */
export function extendedFutureMove(params: DeribitPmParams, move: number): number {
  return Math.sign(move) * Math.min(Math.abs(move), params.priceRange);
}

export function computeDeribitPm(params: DeribitPmParams, positions: readonly PricedPosition[], nowMs: number): DeribitPmResult {
  if (!(params.bucketsPerSide >= 1 && Number.isInteger(params.bucketsPerSide))) throw new InputError(['params', 'bucketsPerSide'], 'must be a whole number of at least 1');
  positions.forEach((p, i) => {
    checkPortfolioPosition(p.position, ['positions', i]);
    checkPriced(p, nowMs, ['positions', i]);
  });
  const shocks = positions.map((p) =>
    p.position.kind === 'option' ? deribitVolShocks(params, p.volatility ?? 0, yearsLeft(p.position, nowMs)) : { up: 0, down: 0 },
  );
  const volOf = (i: number, vol: GridCell['vol']): number => {
    const s = shocks[i];
    const base = positions[i]?.volatility ?? 0;
    return vol === 'up' ? (s?.up ?? base) : vol === 'down' ? (s?.down ?? base) : base;
  };
  const offset = (sum: number): number => (sum > 0 ? sum * params.pnlOffset : sum);
  const cells: GridCell[] = [];
  for (let k = -params.bucketsPerSide; k <= params.bucketsPerSide; k++) {
    const move = (params.priceRange * k) / params.bucketsPerSide;
    for (const vol of ['up', 'same', 'down'] as const) {
      const pnlByPosition = positions.map((p, i) => scenarioPnl(p, params.settlement, move, volOf(i, vol), nowMs));
      cells.push({ table: 'standard', move, vol, weight: 1, pnlByPosition, aggregated: offset(pnlByPosition.reduce((s, v) => s + v, 0)) });
    }
  }
  for (const move of params.extendedMoves) {
    const weight = Math.min(1, params.priceRange / Math.abs(move));
    const capped = extendedFutureMove(params, move);
    const pnlByPosition = positions.map((p, i) =>
      p.position.kind === 'future' ? scenarioPnl(p, params.settlement, capped, 0, nowMs) : weight * scenarioPnl(p, params.settlement, move, volOf(i, 'up'), nowMs),
    );
    const sum = pnlByPosition.reduce((s, v) => s + v, 0);
    // The dampener is in USD: an inverse table converts it to coin at the (shocked) forward.
    const usdPerUnit = params.settlement === 'inverse' ? (positions[0]?.forward ?? 1) * (1 + move) : 1;
    const damped = sum < 0 ? Math.min(0, sum + params.extendedDampener / usdPerUnit) : sum;
    cells.push({ table: 'extended', move, vol: 'up', weight, pnlByPosition, aggregated: offset(damped) });
  }
  let worstCell = 0;
  cells.forEach((cell, i) => {
    if (cell.aggregated < (cells[worstCell]?.aggregated ?? 0)) worstCell = i;
  });
  const worstLoss = Math.max(0, -(cells[worstCell]?.aggregated ?? 0));
  const worstCase = moneyUp(worstLoss);
  const rollUnits = positions.reduce((sum, p) => {
    if (p.position.kind !== 'future') return sum;
    const units = Math.abs(p.position.quantity * p.position.multiplier);
    return sum + (params.settlement === 'linear' ? units * p.forward : units);
  }, 0);
  const rollShock = moneyUp(rollUnits * params.minAnnualisedMove);
  const initial = worstCase + rollShock;
  // Deribit: maintenance = mm_factor x the unrounded risk-matrix margin (its published examples
  // print both to 12 digits), so the factor applies before the one rounding up to money.
  const maintenance = scaleMoneyUp(floatToE18(worstLoss, 'ceil') + floatToE18(rollUnits * params.minAnnualisedMove, 'ceil'), params.maintenanceFactor);
  return { currency: params.currency, cells, worstCell, worstCase, rollShock, initial, maintenanceFactor: params.maintenanceFactor, maintenance };
}

/** Lines that sum exactly to the initial and to the maintenance requirement. */
export function explainDeribitPm(result: DeribitPmResult): { initial: PmLine[]; maintenance: PmLine[] } {
  const cell = result.cells[result.worstCell];
  const where = cell === undefined ? '' : ` (${cell.table} table, move ${(cell.move * 100).toPrecision(4).replace(/\.?0+$/, '')} %, volatility ${cell.vol})`;
  const initial: PmLine[] = [
    { kind: 'worst-case', label: `worst scenario loss${where}`, amount: result.worstCase },
    { kind: 'roll-shock', label: 'roll shock (futures)', amount: result.rollShock },
  ];
  const maintenance = [...initial, { kind: 'maintenance-factor', label: `maintenance = ${result.maintenanceFactor} x initial`, amount: result.maintenance - result.initial }];
  return { initial, maintenance };
}
