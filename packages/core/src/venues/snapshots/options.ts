/**
 * Dated snapshots of standard (non-portfolio) options margin and size-based futures margin
 * (docs/options.md). A start date the venue did not publish is null: the snapshot then applies to
 * every earlier time too, and the record's assumptions say so.
 */
import { parseFixed as d } from '../../num/decimal.js';
import type { OptionMarginSnapshot, SizeBasedFuturesSnapshot } from '../../option-margin/rules.js';

const DERIBIT_OPTIONS_COPY =
  'https://doc.tslab.pro/tslab/eng/data-providers/connection-to-broker/deribit-cryptocurrency-exchange/deribit-margin-requirements-calculation';
const DERIBIT_LINEAR = 'https://support.deribit.com/hc/en-us/articles/25944750999581-Linear-USDC-Options';
const DERIBIT_INVERSE = 'https://support.deribit.com/hc/en-us/articles/25944688327069-Inverse-Options';
const BIT_USD_OPTIONS = 'https://helpcenter.bit.com/hc/en-us/articles/11039356631321-3-Margin-Rules-for-USD-Margined-Options';
const BYBIT_OPTIONS_MARGIN = 'https://bybit.nl/nl-NL/help-center/article?id=000001546&language=en_US';
const BYBIT_OPTIONS_COPY = 'https://mobie.io/bybit-options-how-to-calculate-initial-margin-and-maintenance-margin';
const OKX_OPTION_MARGIN = 'https://www.okx.com/help/ii-option-margin';
const DERIBIT_FUTURES_OLD = 'https://test.deribit.com/pages/docs/futures';
const DERIBIT_FUTURES_KB = 'https://www.deribit.com/kb/futures';

const DERIBIT_FORMULA = { kind: 'floor-on-underlying', a: d('0.15'), b: d('0.1'), m: d('0.075') } as const;

export const DERIBIT_OPTION_SNAPSHOTS: readonly OptionMarginSnapshot[] = [
  {
    id: 'deribit-inverse',
    settlement: 'inverse-option',
    base: null,
    effectiveFrom: null,
    effectiveTo: null,
    asOf: '2026-11-27',
    sources: [DERIBIT_OPTIONS_COPY, DERIBIT_INVERSE],
    formula: DERIBIT_FORMULA,
    takerFeeRate: d('0.0003'),
    feeCapOfPremium: d('0.125'),
  },
  {
    id: 'deribit-linear',
    settlement: 'linear-option',
    base: null,
    effectiveFrom: null,
    effectiveTo: null,
    asOf: '2026-11-27',
    sources: [DERIBIT_LINEAR, BIT_USD_OPTIONS],
    formula: DERIBIT_FORMULA,
    takerFeeRate: d('0.0003'),
    feeCapOfPremium: d('0.125'),
  },
];

const BYBIT_FORMULA = { kind: 'floor-on-index', imFactor: d('0.15'), imMinFactor: d('0.1'), mmFactor: d('0.03'), liquidationFeeRate: d('0.002') } as const;

export const BYBIT_OPTION_SNAPSHOTS: readonly OptionMarginSnapshot[] = [
  {
    id: 'bybit-usdc@2021',
    settlement: 'linear-option',
    base: null,
    effectiveFrom: null,
    effectiveTo: '2024-10-01',
    asOf: '2026-11-27',
    sources: [BYBIT_OPTIONS_MARGIN, BYBIT_OPTIONS_COPY],
    formula: BYBIT_FORMULA,
    takerFeeRate: d('0.0003'),
    feeCapOfPremium: d('0.125'),
  },
  {
    id: 'bybit-usdc@2024-10',
    settlement: 'linear-option',
    base: null,
    effectiveFrom: '2024-10-01',
    effectiveTo: null,
    asOf: '2026-11-27',
    sources: [BYBIT_OPTIONS_MARGIN, 'https://bybit.nl/nl-NL/help-center/article?id=000001544&language=en_US (fees 0.02%, cap 12.5%)'],
    formula: BYBIT_FORMULA,
    takerFeeRate: d('0.0002'),
    feeCapOfPremium: d('0.125'),
  },
];

function okx(id: string, settlement: OptionMarginSnapshot['settlement'], base: string, c: string, otmDenominator: 'forward' | 'underlying'): OptionMarginSnapshot {
  return {
    id,
    settlement,
    base,
    effectiveFrom: null,
    effectiveTo: null,
    asOf: '2026-11-27',
    sources: [OKX_OPTION_MARGIN],
    formula: { kind: 'floor-times-multiplier', a: d('0.1'), b: d('0.15'), c: d(c), multiplier: d('1'), otmDenominator },
    takerFeeRate: null,
    feeCapOfPremium: null,
  };
}

/** OKX's two published OTM conventions as named variants: `*-forward` (same-expiry forward, the help page) and `*-underlying` (underlying mark, a 2024 copy). */
export const OKX_OPTION_SNAPSHOTS: readonly OptionMarginSnapshot[] = [
  okx('okx-btc-coin-forward', 'inverse-option', 'BTC', '0.03', 'forward'),
  okx('okx-eth-coin-forward', 'inverse-option', 'ETH', '0.05', 'forward'),
  okx('okx-btc-usd-forward', 'linear-option', 'BTC', '0.03', 'forward'),
  okx('okx-eth-usd-forward', 'linear-option', 'ETH', '0.05', 'forward'),
  okx('okx-btc-coin-underlying', 'inverse-option', 'BTC', '0.03', 'underlying'),
  okx('okx-eth-coin-underlying', 'inverse-option', 'ETH', '0.05', 'underlying'),
];

/** Deribit futures and perpetuals: rate = base + k x size in coins, on the whole position. */
export const DERIBIT_FUTURES_SNAPSHOTS: readonly SizeBasedFuturesSnapshot[] = [
  {
    id: 'deribit-futures@legacy',
    base: null,
    effectiveFrom: null,
    effectiveTo: '2021-01-01',
    asOf: '2026-11-27',
    sources: [`${DERIBIT_FUTURES_OLD} (IM 2% + 0.5% per 100 BTC, MM 1.5% + 0.5% per 100 BTC; 25 BTC: 2.125% = 0.53125 BTC)`],
    initialBase: d('0.02'),
    maintenanceBase: d('0.015'),
    ratePerCoin: d('0.00005'),
  },
  {
    id: 'deribit-futures',
    base: null,
    effectiveFrom: '2021-01-01',
    effectiveTo: null,
    asOf: '2026-11-27',
    sources: [`${DERIBIT_FUTURES_KB} (IM 4% + size x 0.005%, MM 2% + size x 0.005%, size in coins)`],
    initialBase: d('0.04'),
    maintenanceBase: d('0.02'),
    ratePerCoin: d('0.00005'),
  },
];
