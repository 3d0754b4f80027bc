/**
 * BitMEX perpetual swaps: margin by risk limits in the step model (the whole position at the rate
 * of its step, the tier kernel's `step` rule, ADR 0018), funding variants (fair basis premium, cap
 * and change limit, the rate of one window paid at the end of the next) and liquidation
 * (risk-limit step-down, takeover at the bankruptcy price, ADL by the BitMEX ranking).
 */
import { parseFixed as d } from '../num/decimal.js';
import { MINUTE_MS } from '../market/funding-schedule.js';
import { defineVenue } from './venue.js';
import { BINANCE_FUNDING, BINANCE_MARK, BITMEX_ADL, GENERIC_MARGIN, QENV_ARCHIVE, SETTLEMENT, WEIGHTED_INDEX, TIER_STEP_TAKEOVER_AT_BANKRUPTCY } from './common-rules.js';
import { BITMEX_SNAPSHOTS } from './snapshots/bitmex.js';

export const BITMEX = defineVenue({
  name: 'bitmex',
  title: 'BitMEX perpetual swap',
  contractKind: 'inverse',
  tierSnapshots: BITMEX_SNAPSHOTS,
  margin: {
    ...GENERIC_MARGIN,
    title: 'BitMEX perpetual swap (risk limits, step model)',
    description:
      'Risk limits priced whole: MM = position value at the mark x the MM% of the step the value falls in ' +
      '(caps inclusive, no deduction: maintenance jumps at each step); IM = value / min(leverage, 1 / IM%); ' +
      'liquidation at the first price from the mark where equity < MM; prices rounded to the tick toward the safe side.',
    sources: [
      'https://www.bitmex.com/app/riskLimits (step model: New MM% = Base MM% + Steps x Base MM%; New IM% = Base IM% + Steps x Base MM%; ' +
        `"XBT Maintenance Margin = New MM x Gross XBT Position Value", "0.80% x 300 XBT = 2.4 XBT"; text as archived in ${QENV_ARCHIVE} logic/bitmex.md)`,
      `Maintenance Margin required = MM x Contracts x Mark Price x Multiplier (BitMEX margin terms, as archived in ${QENV_ARCHIVE})`,
    ],
    tierRule: 'step',
  },
  market: {
    title: 'BitMEX perpetual swap (funding variants only)',
    sources: [
      'https://www.bitmex.com/app/perpetualContractsGuideExamples (F = (quote - base) / 3 per 8 h; funding = mark value x F)',
      'https://blog.bitmex.com/site_announcement/reduction-in-base-maintenance-margin-xbt-and-eth-series-17-april-2020-2/ (|F| <= 75% x (IM - MM), change <= 75% of MM)',
      'https://www.reddit.com/r/BitMEX/comments/d5kupn/funding_calculations/ (the perpetual guide quoted: P = [max(0, impact bid - mark) - max(0, mark - impact ask)] / spot + fair basis used in mark; per-minute samples, 8 h TWAP; BitMEX staff: the fair basis is the current period\'s rate)',
      `fair price marking: mark = index x (1 + rate x time to funding / interval) (BitMEX text as archived in ${QENV_ARCHIVE})`,
    ],
    assumptions: [
      'default interest 0.03%/day (0.01% per 8 h) when quote and base rates are not given',
      'plain mean of minute samples (the 8 h TWAP of equally spaced samples)',
    ],
    funding: {
      ...BINANCE_FUNDING,
      premiumReference: 'mark-plus-fair-basis',
      averaging: 'mean',
      sampleIntervalMs: MINUTE_MS,
      scheduleOffsetHours: 4,
      cap: { kind: 'margin-difference', multiplier: d('0.75') },
      maxChangeMaintenanceMultiple: d('0.75'),
      rateLag: 'next-window',
      impactNotional: { kind: 'input' },
    },
    mark: { ...BINANCE_MARK, method: 'funding-basis' },
    index: WEIGHTED_INDEX,
    settlement: SETTLEMENT,
  },
  liquidation: {
    ...TIER_STEP_TAKEOVER_AT_BANKRUPTCY,
    sources: [
      `BitMEX liquidation (risk limits guide, as archived in ${QENV_ARCHIVE} logic/bitmex.md): lowest risk limit: cancel orders, then take over at the bankruptcy price; higher risk limits: step the position down the risk limits before a full takeover at the bankruptcy price`,
      `${BITMEX_ADL} (ADL ranking: PnL% x effective leverage, longs and shorts ranked separately)`,
    ],
    notModelled: ['the risk limit the user authorises (we use the step the position value falls in)', 'commission to close held in maintenance margin'],
  },
});
