/**
 * The explanation of a SPAN requirement: one line per amount (scan risk, each intra spread
 * charge, each spot-month charge, each inter credit, each floor and minimum, the option values,
 * the initial ratio's uplift) in exact E18 units, summing EXACTLY to the requirement; plus each
 * scenario's loss by position (float, as computed) and the active (worst) scenario.
 */
import { formatFixed } from '../../num/decimal.js';
import type { Fixed } from '../../num/fixed.js';
import { invariant } from '../../errors.js';
import type { SpanResult } from './compute.js';

export interface ExplainLine {
  /** Combined commodity, or null for portfolio-level lines. */
  readonly cc: string | null;
  readonly kind: 'scan' | 'intra' | 'spot' | 'inter' | 'zero-floor' | 'som-floor' | 'long-option-cap' | 'short-option-value' | 'long-option-value' | 'initial-ratio';
  readonly label: string;
  /** Signed: charges positive, credits negative. */
  readonly amount: Fixed;
}

export interface SpanExplanation {
  readonly maintenance: readonly ExplainLine[];
  /** The maintenance lines with each CC's initial-ratio uplift and the initial zero floor instead. */
  readonly initial: readonly ExplainLine[];
}

const num = (value: number): string => (Number.isInteger(value) ? String(value) : value.toPrecision(10).replace(/\.?0+$/, ''));

function ccLines(result: SpanResult, withRatio: boolean): ExplainLine[] {
  const lines: ExplainLine[] = [];
  for (const cc of result.ccs) {
    const code = cc.cc;
    lines.push({ cc: code, kind: 'scan', label: `scan risk (scenario ${cc.activeScenario})`, amount: cc.scanRisk });
    for (const s of cc.intraSpreads) lines.push({ cc: code, kind: 'intra', label: `intra spread priority ${s.priority}: ${num(s.spreads)} x ${num(s.rate)}`, amount: s.charge });
    for (const s of cc.spotCharges) {
      lines.push({ cc: code, kind: 'spot', label: `spot month ${s.month}: delta ${num(s.deltaInSpreads)} in spreads, ${num(s.deltaOutright)} outright`, amount: s.charge });
    }
    for (const c of cc.interCredits) {
      lines.push({ cc: code, kind: 'inter', label: `inter spread priority ${c.priority} (${c.method}) credit`, amount: -c.credit });
    }
    if (cc.zeroFloor > 0n) lines.push({ cc: code, kind: 'zero-floor', label: 'risk floored at zero', amount: cc.zeroFloor });
    if (cc.somFloor > 0n) {
      lines.push({ cc: code, kind: 'som-floor', label: `short option minimum binds (${num(cc.shortCalls)} short calls, ${num(cc.shortPuts)} short puts)`, amount: cc.somFloor });
    }
    if (cc.longOptionCap < 0n) lines.push({ cc: code, kind: 'long-option-cap', label: 'long options only: capped at their value', amount: cc.longOptionCap });
    if (withRatio && cc.initialRisk !== cc.maintenanceRisk) {
      lines.push({ cc: code, kind: 'initial-ratio', label: `initial = ${cc.initialRatio} x maintenance risk`, amount: cc.initialRisk - cc.maintenanceRisk });
    }
  }
  if (result.shortOptionValue > 0n) lines.push({ cc: null, kind: 'short-option-value', label: 'short option value (net option value)', amount: result.shortOptionValue });
  if (result.longOptionValue > 0n) lines.push({ cc: null, kind: 'long-option-value', label: 'long option value (net option value)', amount: -result.longOptionValue });
  return lines;
}

/** Sum of the lines' amounts. */
export function sumLines(lines: readonly ExplainLine[]): Fixed {
  return lines.reduce((sum, line) => sum + line.amount, 0n);
}

export function explainSpan(result: SpanResult): SpanExplanation {
  const maintenance = ccLines(result, false);
  if (result.maintenanceZeroFloor > 0n) maintenance.push({ cc: null, kind: 'zero-floor', label: 'requirement floored at zero', amount: result.maintenanceZeroFloor });
  const initial = ccLines(result, true);
  if (result.initialZeroFloor > 0n) initial.push({ cc: null, kind: 'zero-floor', label: 'requirement floored at zero', amount: result.initialZeroFloor });
  // The promise of this module: the lines are the requirement, to the last unit.
  invariant(sumLines(maintenance) === result.maintenance, `SPAN explanation sums to ${formatFixed(sumLines(maintenance))}, not ${formatFixed(result.maintenance)}`);
  invariant(sumLines(initial) === result.initial, `SPAN initial explanation sums to ${formatFixed(sumLines(initial))}, not ${formatFixed(result.initial)}`);
  return { maintenance, initial };
}
