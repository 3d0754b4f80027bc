/**
 * Credit lines acted on (docs/collateral.md): the loan-to-value of a multi-asset account's credit
 * line (used / haircut collateral value, core's `creditFigures`) against its bands. From the
 * margin-call band a `creditBandChanged` event calls the account; from the liquidation band the
 * pool is liquidated (multi-asset-review.ts); back below the margin-call band the call clears.
 * The band reported last is kept on the account (`creditBand`, in the snapshot).
 */
import { formatFixed, roundDecimals, type MultiAssetPool } from '@margin/core';
import type { Sink } from '../events/sink.js';
import type { Account, EngineState } from '../state/types.js';

const BAND_NAMES = ['none', 'marginCall', 'liquidation'] as const;

/** 0 below the margin-call band (or no bands), 1 from the margin-call band, 2 from the liquidation band. */
export function creditBandOf(pool: MultiAssetPool): number {
  const status = pool.credit?.status;
  return status === 'liquidation' ? 2 : status === 'margin-call' ? 1 : 0;
}

/** The band now; with a sink, a change is kept on the account and reported. */
export function reviewCreditBand(state: EngineState, account: Account, pool: MultiAssetPool, out: Sink | null): number {
  const band = creditBandOf(pool);
  if (out === null || band === account.creditBand) return band;
  const previous = account.creditBand;
  account.creditBand = band;
  const credit = pool.credit;
  out.emit({
    type: 'creditBandChanged',
    account: account.id,
    band: BAND_NAMES[band] ?? 'none',
    previousBand: BAND_NAMES[previous] ?? 'none',
    loanToValue: credit?.loanToValue == null ? null : formatFixed(roundDecimals(credit.loanToValue, state.profile.ratioDecimals, 'ceil')),
    used: formatFixed(credit?.used ?? 0n),
    collateralValue: formatFixed(roundDecimals(pool.collateralValue, state.profile.moneyDecimals, 'floor')),
  });
  return band;
}
