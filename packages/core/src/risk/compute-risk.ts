/**
 * Risk of one account at given marks: per position notional, PnL, tier, IM, MM, liquidation and
 * bankruptcy prices; per pool (cross, or each isolated position) equity, margin ratio, available
 * balance and the liquidatable flag.
 *
 * Order matters for profiles whose maintenance margin includes the fee to close at the bankruptcy
 * price (Bybit): bankruptcy prices first (they need only PnL), then close fees, then maintenance
 * totals, then liquidation prices (which need the other positions' full maintenance).
 */
import { SCALE, div, max, mul, roundToStep, type Fixed } from '../num/index.js';
import { isInverse, type Instrument } from '../instrument/instrument.js';
import { feeFor, notionalAt, pnlBetween, sideSign } from '../position/position-math.js';
import { isQuantityTable, maintenanceForTier, tierAt, tierIndexForPosition } from '../tiers/tiers.js';
import { solvePrice, type SolveLeg } from '../liquidation/price-solver.js';
import { invariant } from '../errors.js';
import type { Profile } from '../profile/profile.js';
import { marginRatio } from './ratio.js';
import type { AccountRisk, PositionRisk, PositionSpec, RiskReport, RiskRequest } from './types.js';

interface Base {
  readonly spec: PositionSpec;
  readonly instrument: Instrument;
  readonly markPrice: Fixed;
  readonly notional: Fixed;
  readonly valueNotional: Fixed;
  readonly unrealizedPnl: Fixed;
  readonly tierIndex: number;
  readonly leverage: Fixed;
  readonly leverageCapped: boolean;
  readonly initialMargin: Fixed;
  /** Tier maintenance, before any fee to close. */
  readonly tierMaintenance: Fixed;
  readonly closeFeeRate: Fixed;
}

function baseOf(profile: Profile, spec: PositionSpec, instrument: Instrument, markPrice: Fixed): Base {
  const valuePrice = profile.positionValueBasis === 'entry' ? spec.entryPrice : markPrice;
  const valueNotional = notionalAt(instrument, spec.size, valuePrice, 'ceil');
  const tierIndex = tierIndexForPosition(instrument.tiers, valueNotional, spec.size);
  const tier = tierAt(instrument.tiers, tierIndex);
  const requested = profile.initialMargin === 'tier' || spec.leverage === null ? tier.maxLeverage : spec.leverage;
  const leverage = requested > tier.maxLeverage ? tier.maxLeverage : requested;
  const initialMargin =
    profile.initialMargin === 'tier' ? mul(valueNotional, tier.initialRate, 'ceil') : div(valueNotional, leverage, 'ceil');
  return {
    spec,
    instrument,
    markPrice,
    notional: notionalAt(instrument, spec.size, markPrice, 'ceil'),
    valueNotional,
    unrealizedPnl: pnlBetween(instrument, spec.side, spec.size, spec.entryPrice, markPrice, 'floor'),
    tierIndex,
    leverage,
    leverageCapped: requested > tier.maxLeverage,
    initialMargin,
    tierMaintenance: maintenanceForTier(tier, valueNotional),
    closeFeeRate: profile.maintenanceCloseFee === 'none' ? 0n : (instrument.takerFeeRate ?? 0n),
  };
}

function legOf(profile: Profile, base: Base, closeFeeAtBankruptcy: Fixed, target: 'liquidation' | 'bankruptcy'): SolveLeg {
  const { spec, instrument } = base;
  const feeInBankruptcy = target === 'bankruptcy' && profile.bankruptcyCloseFee;
  const feeAtMark = target === 'liquidation' && profile.maintenanceCloseFee === 'mark';
  return {
    sideSign: sideSign(spec.side),
    quantity: mul(spec.size, instrument.contractSize, 'ceil'),
    entryPrice: spec.entryPrice,
    // Tiers in contracts do not move with the price: the solver gets the one in force.
    tiers: isQuantityTable(instrument.tiers) ? [{ ...tierAt(instrument.tiers, base.tierIndex), notionalFloor: 0n }] : instrument.tiers,
    fixedMaintenance: profile.positionValueBasis === 'entry' ? base.tierMaintenance : null,
    closeFeeRate: feeInBankruptcy || feeAtMark ? base.closeFeeRate : 0n,
    fixedCloseFee: target === 'liquidation' ? closeFeeAtBankruptcy : 0n,
  };
}

/** A solved price as the report shows it (tick or decimals, toward the safe side; never below one step). */
export function displayPrice(profile: Profile, instrument: Instrument, price: Fixed, breachBelow: boolean): Fixed {
  const step = profile.priceRounding === 'tick' ? instrument.tickSize : 10n ** BigInt(SCALE - profile.priceDecimals);
  const toward = profile.priceRounding === 'decimals-nearest' ? 'halfEven' : breachBelow ? 'ceil' : 'floor';
  const rounded = roundToStep(price, step, toward);
  return rounded > 0n ? rounded : step;
}

/** Positions that move together with `base` when its symbol's price moves (its pool's legs). */
function poolMates(all: readonly Base[], base: Base): Base[] {
  if (base.spec.margin === 'isolated') return [base];
  return all.filter((other) => other.spec.margin === 'cross' && other.spec.symbol === base.spec.symbol);
}

/** Rounds of the fee-at-bankruptcy fixed point (each moves the root by the fee rate's order). */
export const FEE_FIXED_POINT_ITERATIONS_MAX = 12;

export interface RiskOptions {
  /**
   * false: skip the liquidation and bankruptcy price solves (they are reported as null) when only
   * requirements are needed, e.g. pre-trade checks. Bankruptcy prices are still solved where the
   * profile's maintenance margin depends on them. 'bankruptcy': bankruptcy prices only (no
   * liquidation-price solves), for a liquidation that closes at or prices against them.
   */
  readonly withPrices?: boolean | 'bankruptcy';
}

export function computeRisk(request: RiskRequest, options: RiskOptions = {}): RiskReport {
  const withPrices = options.withPrices ?? true;
  const { profile, account } = request;
  const bases = request.positions.map((spec) => {
    const instrument = request.instruments.get(spec.symbol);
    const markPrice = request.markPrices.get(spec.symbol);
    invariant(instrument !== undefined && markPrice !== undefined, `instrument and mark known for ${spec.symbol}`);
    return baseOf(profile, spec, instrument, markPrice);
  });
  const cross = bases.filter((base) => base.spec.margin === 'cross');

  // Constant part of a pool, for the positions that do not move with `symbol`.
  const crossBalance = account.balance - (profile.orderMarginReducesPool ? account.orderMargin : 0n);
  const crossConstant = (symbol: string, maintenanceOf: (base: Base) => Fixed): Fixed =>
    cross
      .filter((base) => base.spec.symbol !== symbol)
      .reduce((sum, base) => sum + base.unrealizedPnl - maintenanceOf(base), crossBalance);
  const poolConstant = (base: Base, maintenanceOf: (base: Base) => Fixed): Fixed =>
    base.spec.margin === 'isolated' ? (base.spec.isolatedBalance ?? 0n) : crossConstant(base.spec.symbol, maintenanceOf);

  // 1. Bankruptcy prices (equity = 0, or = fee to close where the profile says so).
  const needBankruptcy = withPrices !== false || profile.maintenanceCloseFee === 'bankruptcy';
  const bankruptcy = bases.map((base) =>
    !needBankruptcy ? null : solvePrice({
      inverse: isInverse(base.instrument.kind),
      constant: poolConstant(base, () => 0n),
      legs: poolMates(bases, base).map((mate) => legOf(profile, mate, 0n, 'bankruptcy')),
      target: 'bankruptcy',
      markPrice: base.markPrice,
    }),
  );

  // 2. Fees to close folded into maintenance.
  const closeFees = bases.map((base, i) => {
    if (base.closeFeeRate === 0n) return 0n;
    if (profile.maintenanceCloseFee === 'mark') return feeFor(base.instrument, base.spec.size, base.markPrice, base.closeFeeRate);
    const bankruptcyPrice = bankruptcy[i];
    // No bankruptcy price (fully collateralised long): nothing can be lost to a fee at it.
    return bankruptcyPrice ? feeFor(base.instrument, base.spec.size, bankruptcyPrice.price, base.closeFeeRate) : 0n;
  });
  const maintenance = bases.map((base, i) => base.tierMaintenance + (closeFees[i] ?? 0n));
  const maintenanceOf = (base: Base): Fixed => maintenance[bases.indexOf(base)] ?? 0n;

  // 3. Liquidation prices.
  const feeAtBankruptcy = (mate: Base): Fixed =>
    profile.maintenanceCloseFee === 'bankruptcy' ? (closeFees[bases.indexOf(mate)] ?? 0n) : 0n;
  const solveLiquidation = (base: Base, constant: Fixed) =>
    solvePrice({
      inverse: isInverse(base.instrument.kind),
      constant,
      legs: poolMates(bases, base).map((mate) => legOf(profile, mate, feeAtBankruptcy(mate), 'liquidation')),
      target: 'liquidation',
      markPrice: base.markPrice,
    });
  // Bybit: the other cross positions' fees to close are charged at THEIR bankruptcy prices, which
  // move with this symbol's price through the shared equity. Solve that dependency to a fixed
  // point: fees at the root -> new constant -> new root, until the root stops moving.
  const otherFeesDependOnPrice = (base: Base): boolean =>
    profile.maintenanceCloseFee === 'bankruptcy' &&
    base.spec.margin === 'cross' &&
    cross.some((other) => other.spec.symbol !== base.spec.symbol && other.closeFeeRate > 0n);
  const crossConstantAt = (base: Base, price: Fixed): Fixed => {
    const moved = bases.map((other) =>
      other.spec.margin === 'cross' && other.spec.symbol === base.spec.symbol ? baseOf(profile, other.spec, other.instrument, price) : other,
    );
    const movedCross = moved.filter((other) => other.spec.margin === 'cross');
    return movedCross
      .filter((other) => other.spec.symbol !== base.spec.symbol)
      .reduce((sum, other) => {
        const bankruptcyPrice = solvePrice({
          inverse: isInverse(other.instrument.kind),
          constant: movedCross.filter((m) => m.spec.symbol !== other.spec.symbol).reduce((acc, m) => acc + m.unrealizedPnl, crossBalance),
          legs: movedCross.filter((m) => m.spec.symbol === other.spec.symbol).map((m) => legOf(profile, m, 0n, 'bankruptcy')),
          target: 'bankruptcy',
          markPrice: other.markPrice,
        });
        const fee = bankruptcyPrice ? feeFor(other.instrument, other.spec.size, bankruptcyPrice.price, other.closeFeeRate) : 0n;
        return sum + other.unrealizedPnl - other.tierMaintenance - fee;
      }, crossBalance);
  };
  const liquidationOf = (base: Base) => {
    let root = solveLiquidation(base, poolConstant(base, maintenanceOf));
    if (!otherFeesDependOnPrice(base)) return root;
    for (let iteration = 0; iteration < FEE_FIXED_POINT_ITERATIONS_MAX && root !== null; iteration++) {
      const next = solveLiquidation(base, crossConstantAt(base, root.price));
      if (next === null || next.price === root.price) return next;
      root = next;
    }
    return root;
  };

  const positions: PositionRisk[] = bases.map((base, i) => {
    const liquidation = withPrices !== true ? null : liquidationOf(base);
    const tier = tierAt(base.instrument.tiers, base.tierIndex);
    const maintenanceMargin = maintenance[i] ?? 0n;
    const bankruptcyPrice = withPrices !== false ? (bankruptcy[i] ?? null) : null;
    let isolated = null;
    if (base.spec.margin === 'isolated') {
      const balance = base.spec.isolatedBalance ?? 0n;
      const equity = balance + base.unrealizedPnl;
      isolated = {
        balance,
        equity,
        marginRatio: marginRatio(maintenanceMargin, equity),
        liquidatable: equity < maintenanceMargin,
      };
    }
    return {
      spec: base.spec,
      instrument: base.instrument,
      markPrice: base.markPrice,
      notional: base.notional,
      valueNotional: base.valueNotional,
      unrealizedPnl: base.unrealizedPnl,
      tierIndex: base.tierIndex,
      maintenanceRate: tier.maintenanceRate,
      maintenanceAmount: tier.maintenanceAmount,
      maxLeverage: tier.maxLeverage,
      leverage: base.leverage,
      leverageCapped: base.leverageCapped,
      initialMargin: base.initialMargin,
      maintenanceMargin,
      closeFee: closeFees[i] ?? 0n,
      liquidationPrice: liquidation ? displayPrice(profile, base.instrument, liquidation.price, liquidation.breachBelow) : null,
      bankruptcyPrice: bankruptcyPrice
        ? displayPrice(profile, base.instrument, bankruptcyPrice.price, bankruptcyPrice.breachBelow)
        : null,
      isolated,
    };
  });

  const crossRisk = positions.filter((position) => position.spec.margin === 'cross');
  const unrealizedPnl = crossRisk.reduce((sum, p) => sum + p.unrealizedPnl, 0n);
  const equity = account.balance + unrealizedPnl;
  const initialMargin = crossRisk.reduce((sum, p) => sum + p.initialMargin, 0n);
  const maintenanceMargin = crossRisk.reduce((sum, p) => sum + p.maintenanceMargin, 0n);
  const accountRisk: AccountRisk = {
    settle: account.asset ?? crossRisk[0]?.instrument.settle ?? null,
    walletBalance: account.balance,
    unrealizedPnl,
    equity,
    initialMargin,
    maintenanceMargin,
    marginRatio: marginRatio(maintenanceMargin, equity),
    availableBalance: max(0n, equity - initialMargin - account.orderMargin),
    liquidatable: crossRisk.length > 0 && equity < maintenanceMargin,
    orderMargin: account.orderMargin,
  };
  return { profile, account: accountRisk, positions };
}

