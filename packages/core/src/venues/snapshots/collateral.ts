/**
 * Multi-collateral snapshots (ADR 0024): haircut tiers, borrowing and liquidation conversion per
 * venue, each dated, with its public sources and what it assumes where they are silent. Ratios
 * are value ratios (1 - haircut); tiers apply per slice.
 */
import { parseFixed as d } from '../../num/decimal.js';
import type { CollateralAssetRule, CollateralRules } from '../../collateral/collateral-rules.js';
import type { HaircutTable } from '../../collateral/haircut-tiers.js';

const flat = (ratio: string): HaircutTable => ({ unit: 'quantity', tiers: [{ upTo: null, ratio: d(ratio) }] });

function holding(asset: string, haircut: HaircutTable): CollateralAssetRule {
  return { asset, haircut, borrowable: false, borrowInitialRate: 0n, borrowMaintenanceRate: 0n, borrowLimit: null };
}

const BINANCE_MULTI_ASSETS_FAQ = 'https://www.binance.com/en/support/faq/29b45c485d664028b9ca1cdf90b24f6f';
const BINANCE_MARGIN_RATIO = 'https://www.binance.com/en/support/faq/how-to-calculate-margin-in-multi-assets-mode-c983a9268cfa4e70a4916c276bb3b7bc';
const BINANCE_AUTO_EXCHANGE = 'https://www.binance.com/en-NG/futures/trading-rules/perpetual/multi-asset-info';

/** Binance USDⓈ-M Multi-Assets mode (cross only): flat value ratios per asset. */
export const BINANCE_MULTI_ASSETS: CollateralRules = {
  snapshots: [
    {
      id: 'binance-multi-assets-2021-06-07',
      effectiveFrom: '2021-06-07',
      reference: 'USD',
      title: 'Binance USDⓈ-M Multi-Assets mode',
      sources: [
        `${BINANCE_MULTI_ASSETS_FAQ} (value ratios: BTC, ETH, BNB 95%; XRP, ADA, DOT, SOL 90%; USDT 99.99%; BUSD 100%; USDC 99.99%)`,
        `${BINANCE_AUTO_EXCHANGE} (auto-exchange: several assets sold pro rata; example: a -20,000 BUSD balance sells 20,000 / 97.5% = 20,513 BUSD of BTC)`,
      ],
      assets: [
        ...['BTC', 'ETH', 'BNB'].map((a) => holding(a, flat('0.95'))),
        ...['XRP', 'ADA', 'DOT', 'SOL'].map((a) => holding(a, flat('0.9'))),
        { ...holding('USDT', flat('0.9999')), borrowable: true },
        { ...holding('BUSD', flat('1')), borrowable: true },
        { ...holding('USDC', flat('0.9999')), borrowable: true },
      ],
      conversionOrder: { kind: 'proportional' },
      conversionDiscount: d('0.025'),
      assumptions: [
        'negative balances only in the settle stablecoins (USDT, BUSD, USDC: realised losses), with no borrow margin of their own',
        'the auto-exchange conversion ratio of the published example (97.5%, a 2.5% discount) applies to every asset',
        'per-asset transfer-in caps are not modelled',
      ],
    },
    {
      id: 'binance-multi-assets-2022-07-06',
      effectiveFrom: '2022-07-06',
      reference: 'USD',
      title: 'Binance USDⓈ-M Multi-Assets mode (stablecoins at floating bid/ask rates)',
      sources: [
        `${BINANCE_MARGIN_RATIO} (2022-07-06: account equity = sum of min(asset equity x bid rate, asset equity x ask rate); requirements x ask rate; USDTUSD index 0.99, bid buffer 0.01, ask buffer 0.005)`,
        `${BINANCE_MULTI_ASSETS_FAQ} (value ratios of the non-stable assets)`,
        `${BINANCE_AUTO_EXCHANGE} (auto-exchange: several assets sold pro rata at a 97.5% conversion ratio)`,
      ],
      assets: [
        ...['BTC', 'ETH', 'BNB'].map((a) => holding(a, flat('0.95'))),
        ...['XRP', 'ADA', 'DOT', 'SOL'].map((a) => holding(a, flat('0.9'))),
        // Stablecoins: the haircut is the floating bid rate of the input (bidBuffer / askBuffer).
        ...['USDT', 'BUSD', 'USDC'].map((a) => ({ ...holding(a, flat('1')), borrowable: true })),
      ],
      conversionOrder: { kind: 'proportional' },
      conversionDiscount: d('0.025'),
      assumptions: [
        'stablecoins at value ratio 1: their discount is the bid buffer the input gives with the index',
        'gains and holdings at the bid, losses, loans and requirements at the ask (the venue nets each asset\'s equity before converting; the same when PnL is 0)',
        'negative balances only in the stablecoins, with no borrow margin of their own',
      ],
    },
  ],
};

const BYBIT_CVR = 'https://testnet.bytick.com/en/help-center/article/Assets-Collateral-Value-Ratio-List-UTA';

/**
 * Bybit Unified Trading Account: collateral value ratios tiered by coin quantity. The BTC ladder
 * is the one of Bybit's own worked example (the live list changes often; load yours).
 */
export const BYBIT_UTA: CollateralRules = {
  snapshots: [
    {
      id: 'bybit-uta-2025-09-18',
      effectiveFrom: '2025-09-18',
      reference: 'USD',
      title: 'Bybit Unified Trading Account (cross margin)',
      sources: [
        `${BYBIT_CVR} ("Understanding Collateral Value Ratios in Unified Trading Account", 2025-09-18: BTC 0-10 0.98, >10-20 0.95, >20-30 0.9, >30-40 0.85, >40-50 0.8, >50 0; USDT 1; ratios apply to positive balances only, negative balances at 100%)`,
        'Bybit help centre article id 000001876 (at MM rate 100% liabilities are auto-repaid by selling collateral)',
      ],
      assets: [
        {
          ...holding('BTC', {
            unit: 'quantity',
            tiers: [
              { upTo: d('10'), ratio: d('0.98') },
              { upTo: d('20'), ratio: d('0.95') },
              { upTo: d('30'), ratio: d('0.9') },
              { upTo: d('40'), ratio: d('0.85') },
              { upTo: d('50'), ratio: d('0.8') },
            ],
          }),
          borrowable: true,
        },
        { ...holding('USDT', flat('1')), borrowable: true },
        { ...holding('USDC', flat('1')), borrowable: true },
      ],
      conversionOrder: { kind: 'proportional' },
      conversionDiscount: 0n,
      assumptions: [
        'USDC valued at ratio 1 like USDT (not in the example table)',
        'borrow IM/MM rates are not in the sources: 0 unless the input gives them',
        'the order in which collateral is sold is not published: pro rata to value',
      ],
    },
  ],
};

const OKX_BETH = 'https://www.globenewswire.com/news-release/2024/07/18/2915393/0/en/OKX-Adjusts-Discount-Rates-for-BETH.html';
const OKX_DISCOUNT_PAGE = 'https://www.okx.com/trade-market/discountrate';
const OKX_MARGIN_TIERS = 'https://365shuku.com/12165.html';

const okxUsdt = { ...holding('USDT', flat('1')), borrowable: true, borrowInitialRate: d('0.1'), borrowMaintenanceRate: d('0.03') };
const bethTiers = (rows: readonly (readonly [string | null, string])[]): HaircutTable => ({
  unit: 'reference',
  tiers: rows.map(([upTo, ratio]) => ({ upTo: upTo === null ? null : d(upTo), ratio: d(ratio) })),
});
const OKX_COMMON = {
  reference: 'USD',
  title: 'OKX unified account, multi-currency margin',
  conversionOrder: { kind: 'proportional' } as const,
  conversionDiscount: 0n,
  assumptions: [
    'USDT at ratio 1 in the first tier only (higher USDT tiers not recorded)',
    'USDT loans: IMR 10%, MMR 3% (margin position tier 1 of BTC/USDT, 2023-06); higher loan tiers not recorded',
    'the order collateral is sold in is not published: pro rata to value',
  ],
};

/** OKX multi-currency margin: discount-rate tiers (here BETH, by USD value), before and after the 2024-07-18 change. */
export const OKX_MULTI_CURRENCY: CollateralRules = {
  snapshots: [
    {
      ...OKX_COMMON,
      id: 'okx-mcm-2024-07-11',
      effectiveFrom: '2024-07-11',
      sources: [
        `${OKX_BETH} ("before": BETH 0-1,000,000 USD 0.8; 1,000,000-2,000,000 0.75; 2,000,000-4,000,000 0.5; > 4,000,000 0)`,
        `${OKX_DISCOUNT_PAGE} (discount rates, USD tiers)`,
        `${OKX_MARGIN_TIERS} (copy of OKX margin position tiers of loans: BTC/USDT tier 1 MMR 3%, min IMR 10%, 2023-06)`,
      ],
      assets: [holding('BETH', bethTiers([['1000000', '0.8'], ['2000000', '0.75'], ['4000000', '0.5']])), okxUsdt],
    },
    {
      ...OKX_COMMON,
      id: 'okx-mcm-2024-07-18',
      effectiveFrom: '2024-07-18',
      sources: [
        `${OKX_BETH} ("after", 2024-07-18: BETH 0-2,000,000 USD 0.95; 2,000,000-4,000,000 0.85; 4,000,000-8,000,000 0.5; > 8,000,000 0)`,
        `${OKX_DISCOUNT_PAGE} (discount rates, USD tiers)`,
        `${OKX_MARGIN_TIERS} (copy of OKX margin position tiers of loans: BTC/USDT tier 1 MMR 3%, min IMR 10%, 2023-06)`,
      ],
      assets: [holding('BETH', bethTiers([['2000000', '0.95'], ['4000000', '0.85'], ['8000000', '0.5']])), okxUsdt],
    },
  ],
};

const DERIBIT_CROSS = 'https://support.deribit.com/hc/en-us/articles/25944777203869';

/** Deribit cross-collateral (X:SM): every currency at USD value; USDC without haircut since 2025-07-15. */
export const DERIBIT_CROSS_COLLATERAL: CollateralRules = {
  snapshots: [
    {
      id: 'deribit-cross-2025-07-15',
      effectiveFrom: '2025-07-15',
      reference: 'USD',
      title: 'Deribit cross-collateral (X:SM)',
      sources: [
        `${DERIBIT_CROSS} (cross-collateral currencies valued in USD, per-currency haircut)`,
        'Deribit notice of 2025-07-08: USDC haircut 0% from 2025-07-15, BTC_USDC/ETH_USDC index pegged to the USD index',
      ],
      assets: [holding('USDC', flat('1'))],
      conversionOrder: { kind: 'proportional' },
      conversionDiscount: 0n,
      assumptions: ['only USDC\'s haircut is recorded; other currencies\' haircuts are profile inputs (load your own)', 'no borrowing in X:SM'],
    },
  ],
};

const DRIFT_CROSS = 'https://docs.drift.trade/getting-started/cross-collateral-deposits';

/** Drift's initial asset weight with its IMF size discount (size-discount.ts). */
function driftAsset(asset: string, weight: string, imfFactor: string, initialLiability: string, maintenanceLiability: string): CollateralAssetRule {
  return {
    asset,
    haircut: { unit: 'quantity', tiers: [{ upTo: null, ratio: d(weight) }], ...(imfFactor === '0' ? {} : { sizeDiscount: { imfFactor: d(imfFactor) } }) },
    borrowable: true,
    borrowInitialRate: d(initialLiability) - d('1'),
    borrowMaintenanceRate: d(maintenanceLiability) - d('1'),
    borrowLimit: null,
  };
}

/** Drift v2 cross-collateral deposits: initial asset weights with the IMF size discount, liability weights. */
export const DRIFT_CROSS_COLLATERAL: CollateralRules = {
  snapshots: [
    {
      id: 'drift-cross-collateral-2026-11-27',
      effectiveFrom: '2026-11-27',
      reference: 'USD',
      title: 'Drift v2 cross-collateral deposits (initial asset weights, IMF size discount)',
      sources: [
        `${DRIFT_CROSS} (margin parameters: initial / maintenance asset weight, initial / maintenance liability weight, IMF factor per asset; USDC 100% / 100% / 100% / 100% / 0; SOL 80% / 90% / 120% / 110% / 0.003; wBTC (portal) 80% / 90% / 120% / 110% / 0.105; wETH (portal) 80% / 90% / 120% / 110% / 0.025; USDT 90% / 95% / 110% / 105% / 0.0004; example: 2000 SOL weight = min(.80, 1.1 / [1 + 0.003 x sqrt(2000)]) = .80)`,
        'drift-labs/protocol-v2 programs/drift/src/math/margin.rs (calculate_size_discount_asset_weight)',
      ],
      assets: [
        driftAsset('USDC', '1', '0', '1', '1'),
        driftAsset('SOL', '0.8', '0.003', '1.2', '1.1'),
        driftAsset('mSOL', '0.8', '0.003', '1.2', '1.1'),
        driftAsset('wBTC', '0.8', '0.105', '1.2', '1.1'),
        driftAsset('wETH', '0.8', '0.025', '1.2', '1.1'),
        driftAsset('USDT', '0.9', '0.0004', '1.1', '1.05'),
        driftAsset('JitoSOL', '0.8', '0.00055', '1.2', '1.1'),
      ],
      conversionOrder: { kind: 'proportional' },
      conversionDiscount: 0n,
      assumptions: [
        'the page is undated: the snapshot takes effect on the day it was read (2026-11-27); the IMF factors have changed before (SOL 0.00125 in another version of the page)',
        'one weight per asset for IM and MM: the initial asset weight with its size discount (Drift values maintenance at the higher maintenance weight: maintenance here is conservative)',
        "Drift's further scaling of initial weights by the market's total deposits (scale_initial_asset_weight_start) is not modelled",
        'liability weights as borrow margin: initial 120% is a borrow IM of 20% of the loan value, maintenance 110% a borrow MM of 10% (no size premium on liabilities)',
        "a liquidation's collateral sale has no stated discount here (Drift's liquidator fee is per market): give coverLoans its discount",
      ],
    },
  ],
};
