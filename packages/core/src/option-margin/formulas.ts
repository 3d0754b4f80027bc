/**
 * Standard options margin per 1 coin of underlying, in the premium unit (coin for inverse, quote
 * for linear), for SHORT positions; a long option needs no margin (its premium is paid up front).
 * Exact kernel arithmetic; every division and product rounds so the requirement rounds up.
 * Formulas and sources: docs/options.md, "Standard options margin".
 */
import { div, max, mul, type Fixed } from '../num/fixed.js';
import type { OptionInstrumentKind, OptionRight } from '../instrument/option-instrument.js';
import type { OptionMarginFormula } from './rules.js';

export interface ShortOptionInputs {
  readonly kind: OptionInstrumentKind;
  readonly right: OptionRight;
  readonly strike: Fixed;
  /** Mark of the option, premium unit per coin. */
  readonly mark: Fixed;
  /** Average entry price of the position, premium unit per coin (Bybit's max(entry, mark)). */
  readonly entry: Fixed;
  /** Mark of the underlying (index or future), quote per coin. */
  readonly underlying: Fixed;
  /** Index price, quote per coin. */
  readonly index: Fixed;
  /** Same-expiry forward (future) mark, quote per coin. */
  readonly forward: Fixed;
}

export interface PerCoinRequirement {
  readonly initial: Fixed;
  readonly maintenance: Fixed;
}

/** Out-of-the-money amount against price `reference`, quote per coin: call max(K - S, 0), put max(S - K, 0). */
export function outOfTheMoney(right: OptionRight, strike: Fixed, reference: Fixed): Fixed {
  return max(right === 'call' ? strike - reference : reference - strike, 0n);
}

function deribit(inputs: ShortOptionInputs, a: Fixed, b: Fixed, m: Fixed): PerCoinRequirement {
  const { kind, right, mark, underlying } = inputs;
  const otm = outOfTheMoney(right, inputs.strike, underlying);
  // inverse: coin per coin (OTM / U rounded down so a - OTM/U rounds up); linear: quote per coin.
  const base =
    kind === 'inverse-option'
      ? max(a - div(otm, underlying, 'floor'), b)
      : max(mul(a, underlying, 'ceil') - otm, mul(b, underlying, 'ceil'));
  const mmFloor = kind === 'inverse-option' ? m : mul(m, underlying, 'ceil');
  if (right === 'call') return { initial: base + mark, maintenance: mmFloor + mark };
  const maintenance = max(mmFloor, mul(m, mark, 'ceil')) + mark;
  return { initial: max(base + mark, maintenance), maintenance };
}

function bybit(inputs: ShortOptionInputs, formula: Extract<OptionMarginFormula, { kind: 'floor-on-index' }>): PerCoinRequirement {
  const { index, mark } = inputs;
  const otm = outOfTheMoney(inputs.right, inputs.strike, index);
  const maintenance =
    max(mul(formula.mmFactor, index, 'ceil'), mul(formula.mmFactor, mark, 'ceil')) + mark + mul(formula.liquidationFeeRate, index, 'ceil');
  const initial = max(
    max(mul(formula.imFactor, index, 'ceil') - otm, mul(formula.imMinFactor, index, 'ceil')) + max(inputs.entry, mark),
    maintenance,
  );
  return { initial, maintenance };
}

function okx(inputs: ShortOptionInputs, formula: Extract<OptionMarginFormula, { kind: 'floor-times-multiplier' }>): PerCoinRequirement {
  const { mark, index } = inputs;
  const mf = formula.multiplier;
  if (inputs.kind === 'inverse-option') {
    const denominator = formula.otmDenominator === 'forward' ? inputs.forward : inputs.underlying;
    const otm = outOfTheMoney(inputs.right, inputs.strike, denominator);
    const initial = mul(max(formula.a, formula.b - div(otm, denominator, 'floor')), mf, 'ceil') + mark;
    const mmBase = inputs.right === 'call' ? formula.c : max(formula.c, mul(formula.c, mark, 'ceil'));
    return { initial, maintenance: mul(mmBase, mf, 'ceil') + mark };
  }
  // USD-margined: the a, b, c terms times the index; OTM in quote against the same reference.
  const reference = formula.otmDenominator === 'forward' ? inputs.forward : index;
  const otm = outOfTheMoney(inputs.right, inputs.strike, reference);
  const initial = mul(max(mul(formula.a, index, 'ceil'), mul(formula.b, index, 'ceil') - otm), mf, 'ceil') + mark;
  const cIndex = mul(formula.c, index, 'ceil');
  const mmBase = inputs.right === 'call' ? cIndex : max(cIndex, mul(formula.c, mark, 'ceil'));
  return { initial, maintenance: mul(mmBase, mf, 'ceil') + mark };
}

/** Requirement of a short option per 1 coin of underlying, premium unit; never negative. */
export function shortOptionPerCoin(formula: OptionMarginFormula, inputs: ShortOptionInputs): PerCoinRequirement {
  const raw =
    formula.kind === 'floor-on-underlying' ? deribit(inputs, formula.a, formula.b, formula.m) : formula.kind === 'floor-on-index' ? bybit(inputs, formula) : okx(inputs, formula);
  return { initial: max(raw.initial, 0n), maintenance: max(raw.maintenance, 0n) };
}

/** Requirement of a position of `quantityCoins` (> 0, size x contract size) on `side`; long needs none. */
export function optionPositionRequirement(
  formula: OptionMarginFormula,
  side: 'long' | 'short',
  quantityCoins: Fixed,
  inputs: ShortOptionInputs,
): PerCoinRequirement {
  if (side === 'long' || quantityCoins === 0n) return { initial: 0n, maintenance: 0n };
  const perCoin = shortOptionPerCoin(formula, inputs);
  return { initial: mul(perCoin.initial, quantityCoins, 'ceil'), maintenance: mul(perCoin.maintenance, quantityCoins, 'ceil') };
}

/** Size-based futures requirement: notional x (base + ratePerCoin x sizeCoins), rounded up. */
export function sizeBasedRequirement(notional: Fixed, sizeCoins: Fixed, base: Fixed, ratePerCoin: Fixed): Fixed {
  return mul(notional, base + mul(ratePerCoin, sizeCoins, 'ceil'), 'ceil');
}
