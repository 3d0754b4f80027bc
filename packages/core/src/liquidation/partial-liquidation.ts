/**
 * How much of a liquidatable position to close in one step.
 *
 * - `tier-step` (Binance, Bybit "laddered", OKX, BitMEX risk-limit step-down): close just enough
 *   that the notional drops below the floor of the current tier; a position in the lowest tier is
 *   closed in full.
 * - `restore`: close the smallest lot multiple after which the pool is back above maintenance
 *   (equity - liquidation fee >= MM), closing at the mark (or at `executionPrice`, slippage
 *   included); all of it if no smaller size does.
 * - `chunk` (Hyperliquid): positions above `chunkNotional` (100,000 USDC) send `chunkFraction`
 *   (20%) per step; smaller ones are closed in full.
 * Sizes are rounded up to the lot (a step never leaves the pool short by a rounding).
 */
import { divRound, mul, type Fixed } from '../num/index.js';
import type { Instrument } from '../instrument/instrument.js';
import { notionalAt, feeFor, pnlBetween, type Side } from '../position/position-math.js';
import { isQuantityTable, maintenanceForTier, tierAt, tierIndexForPosition } from '../tiers/tiers.js';

export type PartialLiquidationRule = 'tier-step' | 'restore' | 'chunk' | 'full';

export interface PartialLiquidationInput {
  readonly rule: PartialLiquidationRule;
  readonly instrument: Instrument;
  readonly size: Fixed;
  readonly markPrice: Fixed;
  /** Pool equity and the pool's total maintenance margin (this position included), at the mark. */
  readonly poolEquity: Fixed;
  readonly poolMaintenance: Fixed;
  /** Liquidation (clearance) fee rate on the closed notional, paid to the insurance fund. */
  readonly liquidationFeeRate: Fixed;
  readonly chunkNotional?: Fixed;
  readonly chunkFraction?: Fixed;
  /**
   * `restore` only: the price at which closing `closeSize` would execute (e.g. a walk of the
   * order book), or null when it cannot be closed that way. Default: the mark. With it, the
   * slippage against the mark counts, so one step restores maintenance on a thin book too.
   */
  readonly executionPrice?: (closeSize: Fixed) => Fixed | null;
  /** Side of the position (needed with `executionPrice` to price the slippage). */
  readonly side?: Side;
  /**
   * `restore` only: the buffer above maintenance the step restores, as a fraction of the notional
   * left open (the position's rest and `poolNotional` less this position). Default 0.
   */
  readonly restoreBufferRate?: Fixed;
  /** `restore` with a buffer: the notional of every position in the pool, this one included, at the mark. */
  readonly poolNotional?: Fixed;
}

export interface PartialLiquidationStep {
  readonly closeSize: Fixed;
  readonly full: boolean;
  readonly reason: string;
}

function lotOf(instrument: Instrument): Fixed {
  return instrument.lotSize ?? 1n; // one E18 unit when sizes are unrestricted
}

function roundUpToLot(size: Fixed, lot: Fixed): Fixed {
  return divRound(size, lot, 'ceil') * lot;
}

function maintenanceOf(instrument: Instrument, size: Fixed, markPrice: Fixed): Fixed {
  if (size <= 0n) return 0n;
  const notional = notionalAt(instrument, size, markPrice);
  return maintenanceForTier(tierAt(instrument.tiers, tierIndexForPosition(instrument.tiers, notional, size)), notional);
}

function fullStep(size: Fixed, reason: string): PartialLiquidationStep {
  return { closeSize: size, full: true, reason };
}

export function partialLiquidationStep(input: PartialLiquidationInput): PartialLiquidationStep {
  const { instrument, size, markPrice } = input;
  const lot = lotOf(instrument);
  switch (input.rule) {
    case 'full':
      return fullStep(size, 'profile closes liquidated positions in full');
    case 'chunk': {
      const threshold = input.chunkNotional ?? 100_000n * 10n ** 18n;
      const fraction = input.chunkFraction ?? 2n * 10n ** 17n;
      if (notionalAt(instrument, size, markPrice) <= threshold) return fullStep(size, 'notional at or below the chunk threshold');
      const chunk = roundUpToLot(mul(size, fraction, 'ceil'), lot);
      return chunk >= size ? fullStep(size, 'chunk covers the position') : { closeSize: chunk, full: false, reason: 'chunk of a large position' };
    }
    case 'tier-step': {
      const notional = notionalAt(instrument, size, markPrice);
      const tierIndex = tierIndexForPosition(instrument.tiers, notional, size);
      const bySize = isQuantityTable(instrument.tiers);
      if (tierIndex === 0) return fullStep(size, 'lowest tier: closed in full');
      const floor = tierAt(instrument.tiers, tierIndex).notionalFloor;
      // Largest lot multiple whose notional is strictly below the floor.
      let keep = size;
      for (let low = 0n, high = size / lot; low <= high; ) {
        const mid = (low + high) / 2n;
        if ((bySize ? mid * lot : notionalAt(instrument, mid * lot, markPrice)) < floor) {
          keep = mid * lot;
          low = mid + 1n;
        } else {
          high = mid - 1n;
        }
      }
      if (keep >= size) keep = 0n;
      const close = size - keep;
      return close >= size
        ? fullStep(size, 'no smaller size leaves the tier')
        : { closeSize: close, full: false, reason: `step down from tier ${tierIndex + 1} to tier ${tierIndex}` };
    }
    case 'restore': {
      const others = input.poolMaintenance - maintenanceOf(instrument, size, markPrice);
      const bufferRate = input.restoreBufferRate ?? 0n;
      const positionNotional = notionalAt(instrument, size, markPrice);
      const othersNotional = (input.poolNotional ?? positionNotional) - positionNotional;
      // The buffer on what stays open, rounded up (a requirement).
      const buffer = (close: Fixed): Fixed => (bufferRate === 0n ? 0n : mul(othersNotional + (size - close > 0n ? notionalAt(instrument, size - close, markPrice) : 0n), bufferRate, 'ceil'));
      const healthy = (close: Fixed): boolean => {
        const price = input.executionPrice === undefined ? markPrice : input.executionPrice(close);
        if (price === null) return false;
        const fee = feeFor(instrument, close, price, input.liquidationFeeRate);
        const slippage = price === markPrice || input.side === undefined ? 0n : pnlBetween(instrument, input.side, close, markPrice, price, 'floor');
        return input.poolEquity + slippage - fee >= others + maintenanceOf(instrument, size - close, markPrice) + buffer(close);
      };
      const lots = divRound(size, lot, 'ceil');
      let low = 1n;
      let high = lots;
      let found: bigint | null = null;
      while (low <= high) {
        const mid = (low + high) / 2n;
        const close = mid * lot < size ? mid * lot : size;
        if (healthy(close)) {
          found = close;
          high = mid - 1n;
        } else {
          low = mid + 1n;
        }
      }
      if (found === null || found >= size) return fullStep(size, bufferRate === 0n ? 'no partial close restores maintenance' : 'no partial close restores maintenance and its buffer');
      return { closeSize: found, full: false, reason: bufferRate === 0n ? 'smallest close that restores maintenance' : 'smallest close that restores maintenance plus the buffer' };
    }
  }
}
