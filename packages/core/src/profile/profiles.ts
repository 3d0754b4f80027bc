/** The built-in methodology profiles. */
import type { Profile } from './profile.js';
import { BINANCE_COINM_SNAPSHOTS, BINANCE_USDM_SNAPSHOTS } from './snapshots/binance.js';
import {
  BYBIT_INVERSE_SNAPSHOTS,
  BYBIT_LINEAR_SNAPSHOTS,
  DYDX_SNAPSHOTS,
  HYPERLIQUID_SNAPSHOTS,
} from './snapshots/others.js';

const REPORT_DECIMALS = { moneyDecimals: 8, ratioDecimals: 10 } as const;

const GENERIC: Profile = {
  name: 'generic',
  title: 'Generic tiered margin',
  description:
    'Notional at the mark; IM = notional / min(leverage, tier max); MM = notional x rate - amount; ' +
    'liquidation where equity = MM, bankruptcy where equity = 0; prices rounded to the tick toward the safe side.',
  sources: ['shared/DESIGN.md section 4'],
  positionValueBasis: 'mark',
  initialMargin: 'leverage',
  maintenanceCloseFee: 'none',
  orderMarginReducesPool: false,
  bankruptcyCloseFee: false,
  priceRounding: 'tick',
  priceDecimals: 8,
  maintenanceRate: 'required',
  markPriceMeaning: 'mark price',
  tierSnapshots: [],
  ...REPORT_DECIMALS,
};

const BINANCE_USDM: Profile = {
  ...GENERIC,
  name: 'binance-usdm',
  title: 'Binance USDⓈ-M futures',
  description:
    'Leverage brackets with cumulative maintenance amounts; liquidation price from ' +
    'WB - TMM1 + UPNL1 + cum = MM, re-solved in the bracket of the liquidation price; no fee to close; ' +
    'prices reported to 8 decimals (toward the safe side), as the positionRisk API does.',
  sources: [
    'https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93',
    'shared/reference/exchanges.md sections 1.1-1.3',
    'Binance GET /fapi/v1/positionRisk response example: "liquidationPrice": "6170.20509059" (8 decimals, not the tick)',
  ],
  priceRounding: 'decimals',
  tierSnapshots: BINANCE_USDM_SNAPSHOTS,
};

const BINANCE_COINM: Profile = {
  ...BINANCE_USDM,
  name: 'binance-coinm',
  title: 'Binance COIN-M futures',
  description: 'As binance-usdm for inverse contracts: balances, margins and amounts in the settle coin.',
  sources: [
    'https://www.binance.com/es/support/faq/ceccfcfb4e3a45e3b48b0b1bb1a8ae46',
    'shared/reference/exchanges.md section 1.4',
  ],
  tierSnapshots: BINANCE_COINM_SNAPSHOTS,
};

const BYBIT_LINEAR: Profile = {
  ...GENERIC,
  name: 'bybit-linear',
  title: 'Bybit USDT perpetual (classic)',
  description:
    'Position value at entry for IM, MM and the risk-limit tier; MM includes the fee to close at the ' +
    'bankruptcy price when a taker fee rate is given; bankruptcy price leaves room for that fee.',
  sources: [
    'https://testnet.bybit.com/en-US/help-center/s/article/Liquidation-Price-USDT-Contract',
    'https://help.bybit.com/hc/en-us/articles/360039261334',
    'shared/reference/exchanges.md sections 2.1-2.4',
  ],
  positionValueBasis: 'entry',
  maintenanceCloseFee: 'bankruptcy',
  orderMarginReducesPool: true,
  bankruptcyCloseFee: true,
  tierSnapshots: BYBIT_LINEAR_SNAPSHOTS,
};

const BYBIT_INVERSE: Profile = {
  ...BYBIT_LINEAR,
  name: 'bybit-inverse',
  title: 'Bybit inverse perpetual (classic)',
  description: 'As bybit-linear for inverse contracts (BTCUSD): values in the settle coin.',
  tierSnapshots: BYBIT_INVERSE_SNAPSHOTS,
};

const DYDX_V4: Profile = {
  ...GENERIC,
  name: 'dydx-v4',
  title: 'dYdX v4',
  description:
    'IM = |S x P x IMF| and MM = |S x P x MMF| at the oracle price; no user leverage (IMF of the ' +
    'liquidity tier); liquidation where equity = total MM.',
  sources: ['dydxprotocol/v4-documentation docs/pages/concepts/trading/margin.mdx', 'shared/reference/exchanges.md section 6'],
  initialMargin: 'tier',
  markPriceMeaning: 'oracle price',
  tierSnapshots: DYDX_SNAPSHOTS,
};

const HYPERLIQUID: Profile = {
  ...GENERIC,
  name: 'hyperliquid',
  title: 'Hyperliquid perpetuals',
  description:
    'Margin tiers by max leverage; maintenance rate is half the initial rate at max leverage; ' +
    'liq = price - side x margin_available / size / (1 - l x side).',
  sources: [
    'https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers',
    'https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations',
    'shared/reference/exchanges.md section 7',
  ],
  maintenanceRate: 'half-initial-at-max-leverage',
  tierSnapshots: HYPERLIQUID_SNAPSHOTS,
};

const DRIFT_V2: Profile = {
  ...GENERIC,
  name: 'drift-v2',
  title: 'Drift v2 (liquidation rules)',
  description:
    "Margin as generic, with the instrument's tier table standing for the market's margin ratios (Drift's " +
    'size premium and asset weights are not modelled); liquidation as Drift: just enough to restore ' +
    'maintenance, bankruptcies covered by the insurance fund and then socialised over the open ' +
    'interest (no auto-deleveraging).',
  sources: [
    'shared/reference/peers.md section 2 (drift-labs/protocol-v2 controller/liquidation.rs: liquidate_perp, resolve_perp_bankruptcy)',
  ],
};

export const PROFILES: readonly Profile[] = [
  GENERIC,
  BINANCE_USDM,
  BINANCE_COINM,
  BYBIT_LINEAR,
  BYBIT_INVERSE,
  DYDX_V4,
  HYPERLIQUID,
  DRIFT_V2,
];

export const PROFILE_NAMES: readonly string[] = PROFILES.map((profile) => profile.name);

export function findProfile(name: string): Profile | undefined {
  return PROFILES.find((profile) => profile.name === name);
}
