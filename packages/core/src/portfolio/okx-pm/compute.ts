/**
 * OKX-style portfolio margin of one risk unit (components MR1..MR8; the nesting is observed from
 * OKX's published position-builder figures, not stated by OKX: docs/portfolio-margin.md):
 *
 *   MR1 spot and volatility shock = max(0, -min P&L over moves {0, +-shocks} x vol {down, same, up})
 *   MR4 basis                     = sum |futures notional| x max(basisMinimum, annualisedMoveRisk x T)
 *   MR6 extreme move              = extremeFraction x max(0, -min P&L at +-extremeMove, vol same or up)
 *   MR7 position-reduction cost   = sum |notional| x reductionRate x tier multiplier(unit notional)
 *   maintenance (unit)            = max(MR1 + MR4, MR6, MR7) + MR8 (liability x borrow rate)
 *   initial                       = initialFactor x max(MR1 + MR4, MR6, MR7) + liability x borrow initial rate
 *
 * MR2 (time value), MR3 (volatility term structure), MR5 (interest rate) and MR9 (stablecoin
 * hedge) are not modelled: their formulas are unpublished.
 */
import { InputError } from '../../errors.js';
import type { Fixed } from '../../num/fixed.js';
import { moneyDown, moneyUp, scaleMoneyUp } from '../money.js';
import { checkPortfolioPosition } from '../position.js';
import { checkPriced, notionalQuote, positionValue, scenarioPnl, yearsLeft, type PricedPosition } from '../revalue.js';
import type { OkxPmParams } from './params.js';
import type { PmLine } from '../deribit-pm/compute.js';

export interface OkxCell {
  readonly move: number;
  readonly vol: 'up' | 'same' | 'down';
  readonly pnlByPosition: readonly number[];
  readonly pnl: number;
}

export interface OkxPmResult {
  readonly unit: string;
  readonly mr1Cells: readonly OkxCell[];
  readonly mr1WorstCell: number;
  readonly mr6Cells: readonly OkxCell[];
  readonly mr1: Fixed;
  readonly mr4: Fixed;
  readonly mr6: Fixed;
  readonly mr7: Fixed;
  readonly reductionMultiplier: number;
  /** Which of MR1 + MR4, MR6, MR7 binds. */
  readonly binding: 'mr1+mr4' | 'mr6' | 'mr7';
  /** Negative when a long-options-only unit is capped at the options' value (never more than the premium). */
  readonly longOptionCap: Fixed;
  readonly unitMaintenance: Fixed;
  readonly mr8: Fixed;
  readonly maintenance: Fixed;
  readonly initialFactor: string;
  readonly unitInitial: Fixed;
  readonly borrowInitial: Fixed;
  readonly initial: Fixed;
}

function grid(positions: readonly PricedPosition[], params: OkxPmParams, moves: readonly number[], vols: ReadonlyArray<OkxCell['vol']>, nowMs: number): OkxCell[] {
  const cells: OkxCell[] = [];
  for (const move of moves) {
    for (const vol of vols) {
      const pnlByPosition = positions.map((p) => {
        const base = p.volatility ?? 0;
        const shocked = vol === 'up' ? base * (1 + params.volShockUp) : vol === 'down' ? Math.max(base * (1 - params.volShockDown), 1e-4) : base;
        return scenarioPnl(p, params.settlement, move, shocked, nowMs);
      });
      cells.push({ move, vol, pnlByPosition, pnl: pnlByPosition.reduce((s, v) => s + v, 0) });
    }
  }
  return cells;
}

const worstIndex = (cells: readonly OkxCell[]): number => cells.reduce((w, c, i) => (c.pnl < (cells[w]?.pnl ?? 0) ? i : w), 0);

/** `liabilityQuote`: borrowed amount of the unit in quote currency (0 when none). */
export function computeOkxPm(params: OkxPmParams, positions: readonly PricedPosition[], nowMs: number, liabilityQuote = 0): OkxPmResult {
  if (!(liabilityQuote >= 0 && Number.isFinite(liabilityQuote))) throw new InputError(['liability'], `must be a finite number >= 0, got ${liabilityQuote}`);
  positions.forEach((p, i) => {
    checkPortfolioPosition(p.position, ['positions', i]);
    checkPriced(p, nowMs, ['positions', i]);
  });
  const moves = [0, ...params.spotShocks.flatMap((s) => [s, -s])].sort((a, b) => a - b);
  const mr1Cells = grid(positions, params, moves, ['down', 'same', 'up'], nowMs);
  const mr1WorstCell = worstIndex(mr1Cells);
  const mr1 = moneyUp(Math.max(0, -(mr1Cells[mr1WorstCell]?.pnl ?? 0)));
  const mr6Cells = grid(positions, params, [-params.extremeMove, params.extremeMove], ['same', 'up'], nowMs);
  const mr6 = moneyUp(params.extremeFraction * Math.max(0, -(mr6Cells[worstIndex(mr6Cells)]?.pnl ?? 0)));
  // Amounts in the settlement currency: an inverse unit converts quote notional to coin at the forward.
  const toUnit = (quote: number, p: PricedPosition): number => (params.settlement === 'inverse' ? quote / p.forward : quote);
  const basis = positions.reduce((sum, p) => {
    if (p.position.kind !== 'future') return sum;
    return sum + toUnit(notionalQuote(p), p) * Math.max(params.basisMinimum, params.annualisedMoveRisk * yearsLeft(p.position, nowMs));
  }, 0);
  const mr4 = moneyUp(basis);
  const totalNotional = positions.reduce((s, p) => s + notionalQuote(p), 0);
  const tier = params.reductionTiers.find((t) => t.upToNotional === null || totalNotional <= t.upToNotional);
  const reductionMultiplier = tier?.multiplier ?? 1;
  const reduction = positions.reduce((s, p) => s + toUnit(notionalQuote(p), p), 0) * params.reductionRate * reductionMultiplier;
  const mr7 = moneyUp(reduction);
  const stress = mr1 + mr4;
  const binding = stress >= mr6 && stress >= mr7 ? 'mr1+mr4' : mr6 >= mr7 ? 'mr6' : 'mr7';
  const uncapped = binding === 'mr1+mr4' ? stress : binding === 'mr6' ? mr6 : mr7;
  const longOnly = positions.length > 0 && positions.every((p) => p.position.kind === 'option' && p.position.quantity >= 0);
  const value = longOnly ? moneyDown(positions.reduce((s, p) => s + positionValue(p, params.settlement, nowMs), 0)) : 0n;
  const longOptionCap = longOnly && uncapped > value ? value - uncapped : 0n;
  const unitMaintenance = uncapped + longOptionCap;
  const mr8 = moneyUp(liabilityQuote * params.borrowMaintenanceRate);
  const unitInitial = scaleMoneyUp(unitMaintenance, params.initialFactor);
  const borrowInitial = moneyUp(liabilityQuote * params.borrowInitialRate);
  return {
    unit: params.unit,
    mr1Cells,
    mr1WorstCell,
    mr6Cells,
    mr1,
    mr4,
    mr6,
    mr7,
    reductionMultiplier,
    binding,
    longOptionCap,
    unitMaintenance,
    mr8,
    maintenance: unitMaintenance + mr8,
    initialFactor: params.initialFactor,
    unitInitial,
    borrowInitial,
    initial: unitInitial + borrowInitial,
  };
}

/** Lines that sum exactly to the maintenance and the initial requirement. */
export function explainOkxPm(result: OkxPmResult): { maintenance: PmLine[]; initial: PmLine[] } {
  const cell = result.mr1Cells[result.mr1WorstCell];
  const where = cell === undefined ? '' : ` (move ${(cell.move * 100).toPrecision(4).replace(/\.?0+$/, '')} %, volatility ${cell.vol})`;
  const maintenance: PmLine[] = [
    { kind: 'mr1', label: `MR1 spot and volatility shock${where}`, amount: result.mr1 },
    { kind: 'mr4', label: 'MR4 basis', amount: result.mr4 },
  ];
  const stress = result.mr1 + result.mr4;
  if (result.binding === 'mr6') maintenance.push({ kind: 'mr6-floor', label: 'MR6 extreme move binds', amount: result.mr6 - stress });
  if (result.binding === 'mr7') maintenance.push({ kind: 'mr7-floor', label: `MR7 position-reduction cost binds (tier multiplier ${result.reductionMultiplier})`, amount: result.mr7 - stress });
  if (result.longOptionCap < 0n) maintenance.push({ kind: 'long-option-cap', label: 'long options only: capped at their value', amount: result.longOptionCap });
  const unitLines = [...maintenance];
  if (result.mr8 > 0n) maintenance.push({ kind: 'mr8', label: 'MR8 borrowing', amount: result.mr8 });
  const initial: PmLine[] = [...unitLines, { kind: 'initial-factor', label: `initial = ${result.initialFactor} x unit maintenance`, amount: result.unitInitial - result.unitMaintenance }];
  if (result.borrowInitial > 0n) initial.push({ kind: 'mr8', label: 'MR8 borrowing (initial rate)', amount: result.borrowInitial });
  return { maintenance, initial };
}
