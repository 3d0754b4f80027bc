/** Hyperliquid perpetuals: margin tiers by max leverage, oracle-priced hourly funding, chunked and backstop liquidation. */
import { parseFixed as d } from '../num/decimal.js';
import { defineVenue } from './venue.js';
import { BINANCE_MARK, E18, GENERIC_MARGIN, SECOND_MS, SETTLEMENT } from './common-rules.js';
import { HYPERLIQUID_SNAPSHOTS } from './snapshots/hyperliquid.js';

const DOCS = 'https://hyperliquid.gitbook.io/hyperliquid-docs';

export const HYPERLIQUID = defineVenue({
  name: 'hyperliquid',
  title: 'Hyperliquid perpetuals',
  contractKind: 'linear',
  listedKinds: ['linear'],
  tierSnapshots: HYPERLIQUID_SNAPSHOTS,
  margin: {
    ...GENERIC_MARGIN,
    title: 'Hyperliquid perpetuals',
    description:
      'Margin tiers by max leverage; maintenance rate is half the initial rate at max leverage; ' +
      'liq = price - side x margin_available / size / (1 - l x side), reported to 8 decimals to the nearest as the API does.',
    sources: [
      `${DOCS}/trading/margin-tiers`,
      `${DOCS}/trading/liquidations`,
      'liquidationPx as the clearinghouseState API reports it: 8 decimals, to the nearest (positions recorded in https://github.com/freqtrade/freqtrade tests/exchange/test_hyperliquid.py, e.g. "liquidationPrice": 0.86915825 for the exact 0.869158249...)',
    ],
    maintenanceRate: 'half-initial-at-max-leverage',
    priceRounding: 'decimals-nearest',
  },
  market: {
    title: 'Hyperliquid perpetuals',
    sources: [
      `${DOCS}/trading/funding (restated at https://hyperliquid-co.gitbook.io/wiki/architecture/hypercore/dex/clearinghouse/funding and https://docs.notional.xyz/protocol/funding)`,
      `${DOCS}/trading/robust-price-indices (mark)`,
      `${DOCS}/hyperliquid-l1/oracle (oracle weights)`,
    ],
    assumptions: ['impact notional 20,000 USDC is published for BTC and ETH only: give impactNotional for other assets'],
    funding: {
      formula: 'interest-clamp',
      premiumReference: 'index',
      averaging: 'mean',
      minSamples: 0,
      sampleIntervalMs: 5 * SECOND_MS,
      intervalHours: 1,
      scheduleOffsetHours: 0,
      scaling: 'eight-hour-prorated',
      interestPerDay: d('0.0003'),
      clampBound: d('0.0005'),
      cap: { kind: 'fixed', cap: d('0.04'), floor: d('-0.04') },
      capTarget: 'payment-rate',
      maxChangeMaintenanceMultiple: null,
      rateLag: 'same-window',
      paymentPrice: 'oracle',
      impactNotional: { kind: 'fixed', notional: d('20000') },
    },
    mark: { ...BINANCE_MARK, method: 'hyperliquid-median' },
    index: {
      method: 'weighted-median',
      staleAfterMs: null,
      maxDeviation: null,
      defaultWeights: { binance: '3', okx: '2', bybit: '2', kraken: '1', kucoin: '1', gate: '1', mexc: '1', hyperliquid: '1' },
    },
    settlement: SETTLEMENT,
  },
  liquidation: {
    partial: 'chunk',
    chunkNotional: 100_000n * E18,
    chunkFraction: 2n * 10n ** 17n,
    feeSchedule: [{ minMaxLeverage: 0n, rate: 0n }],
    settleAtBankruptcy: false,
    backstopBelow: { numerator: 2n, denominator: 3n },
    deficit: 'adl',
    adlRanking: 'bitmex',
    fundScope: 'asset',
    ownFundSymbols: [],
    sources: [
      `${DOCS}/trading/liquidations (market orders to the book; positions above 100k USDC send 20% per step; equity < 2/3 MM: backstop liquidation, MM not returned)`,
      `${DOCS}/trading/auto-deleveraging (opposite side ranked by unrealised PnL and leverage)`,
    ],
    notModelled: ['30 s of whole-position liquidation after a partial one', 'ADL at the previous oracle price (we use the bankruptcy price)'],
  },
});
