/** The generic methodology: the common tiered model, the common funding formula, restore-to-maintenance liquidation. */
import { defineVenue } from './venue.js';
import {
  BINANCE_FUNDING,
  BINANCE_FUNDING_FAQ,
  BINANCE_MARK,
  BITMEX_ADL,
  GENERIC_MARGIN,
  SETTLEMENT,
  WEIGHTED_INDEX,
  rate,
} from './common-rules.js';

export const GENERIC = defineVenue({
  name: 'generic',
  title: 'Generic tiered margin',
  contractKind: 'linear',
  margin: GENERIC_MARGIN,
  market: {
    title: 'Generic perpetual funding',
    sources: [
      `${BINANCE_FUNDING_FAQ} (the common formula F = P + clamp(I - P, -c, c))`,
      'https://www.bitmex.com/app/perpetualContractsGuideExamples (fair price: index x (1 + funding basis))',
    ],
    assumptions: [
      'plain mean of premium samples; no cap unless capRate/floorRate or a maintenance rate and capMultiplier are given',
      'mark = index x (1 + funding rate x time to funding / interval) (the BitMEX / Binance 2019 fair price)',
    ],
    funding: { ...BINANCE_FUNDING, averaging: 'mean', cap: { kind: 'none' }, impactNotional: { kind: 'input' } },
    mark: { ...BINANCE_MARK, method: 'funding-basis' },
    index: WEIGHTED_INDEX,
    settlement: SETTLEMENT,
  },
  liquidation: {
    partial: 'restore',
    // Restore to maintenance plus 0.1% of the notional left open, so a mark move of up to 0.1%
    // does not liquidate the pool again and charge the fee again.
    restoreBufferRate: rate(1n),
    chunkNotional: null,
    chunkFraction: null,
    feeSchedule: [{ minMaxLeverage: 0n, rate: rate(2n) }],
    settleAtBankruptcy: false,
    backstopBelow: null,
    deficit: 'adl',
    adlRanking: 'bitmex',
    fundScope: 'asset',
    ownFundSymbols: [],
    sources: [
      'restore: close just enough to restore maintenance (Drift: https://github.com/drift-labs/protocol-v2/blob/master/programs/drift/src/math/liquidation.rs calculate_base_asset_amount_to_cover_margin_shortage); ' +
        `ADL ranked by the BitMEX formula (${BITMEX_ADL}), copied by many venues`,
      'restore buffer 0.1% of the notional left open: our default, a quarter of the lowest common maintenance rate (0.4%); Drift publishes 2% of the liability value (drift-v2 record)',
      'fee 0.2%: our default, below the lowest common maintenance rate (0.4%) so that a partial close always restores margin; venues publish 0.3-0.75% (Binance) and up to 1.5% (dYdX)',
    ],
    notModelled: [],
  },
});
