/**
 * The rebate a fill may carry (issue 14 defect 5): a negative fee is paid out of `fees`, so an
 * unbounded one creates money for the account. The venue record's `rebateRateMax` (absent: 0)
 * times the fill's notional bounds it, floored to units (against the account).
 */
import { mul, notionalAt, toUnits, type Fixed, type Instrument } from '@margin/core';
import { assetDecimals } from '../ledger/ledger.js';
import type { EngineState } from '../state/types.js';

export function rebateAllowanceUnits(state: EngineState, instrument: Instrument, size: Fixed, price: Fixed): bigint {
  const rate = state.profile.rebateRateMax ?? 0n;
  if (rate <= 0n) return 0n;
  const notional = notionalAt(instrument, size, price, 'floor');
  return toUnits(mul(notional, rate, 'floor'), assetDecimals(state, instrument.settle), 'floor');
}
