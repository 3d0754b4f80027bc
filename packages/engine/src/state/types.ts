/**
 * The engine state. Exact values only (E18 kernel bigints, ledger units per asset); the float
 * arrays of the risk scan live beside it in `scan` and are rebuilt from the exact state on restore.
 *
 * Ledger accounts (docs/ledger.md): each user wallet (`account.wallets`, per asset), each
 * isolated position (`position.isolatedUnits`), and the system accounts per asset
 * (`AssetLedger.system`: world, clearing, fees, funding-rounding, insurance).
 */
import type { BookLevel, Fixed, Instrument, LiquidationRules, MarginMode, Profile, Side } from '@margin/core';
import type { AssetCollateral } from './collateral.js';
import type { Account } from './account.js';
import type { ScanIndex } from '../scan/scan-index.js';
import type { PositionColumns } from './position-columns.js';
import type { MarginCallConfig } from './margin-call-config.js';
import type { DynamicRates } from './dynamic-rates.js';
import type { SpanBook } from './span-book.js';
import type { OptionBookState } from './option-book.js';

export const SYSTEM_ACCOUNTS = ['world', 'clearing', 'fees', 'funding-rounding', 'insurance'] as const;
/**
 * System accounts created on first use (so a state that never liquidated keeps its snapshot):
 * `socialized-loss` (transient within a command: a bankrupt account's share of a socialised loss
 * is advanced from it and the holders refill it), `socialized-rounding` (what the pro-rata
 * shares collect beyond the loss), `insurance:<symbol>` (a symbol's own insurance fund), and
 * `transfers` (insurance money on its way between engine instances: command `insuranceTransfer`),
 * `deficit-pending` (below zero by the shortfalls a coordinator has still to cover: liquidation/shortfall.ts).
 */
export const LAZY_SYSTEM_ACCOUNTS = ['socialized-loss', 'socialized-rounding', 'transfers', 'deficit-pending'] as const;
export type SymbolFund = `insurance:${string}`;
export type SystemAccount = (typeof SYSTEM_ACCOUNTS)[number] | (typeof LAZY_SYSTEM_ACCOUNTS)[number] | SymbolFund;

export function isSystemAccountName(name: string): name is SystemAccount {
  return (
    (SYSTEM_ACCOUNTS as readonly string[]).includes(name) ||
    (LAZY_SYSTEM_ACCOUNTS as readonly string[]).includes(name) ||
    (name.startsWith('insurance:') && name.length > 'insurance:'.length)
  );
}

export interface AssetLedger {
  readonly asset: string;
  /** Fraction digits of ledger units (8 unless set by an `asset` command). */
  decimals: number;
  /** Balances of the system accounts in units. `world` is minus (deposits - withdrawals). */
  readonly system: Map<SystemAccount, bigint>;
  deposited: bigint;
  withdrawn: bigint;
  /** Collateral rules and index price of a multi-asset pool (`collateralAsset`); absent until set. */
  collateral?: AssetCollateral;
}

export interface Position {
  readonly accountId: string;
  /** `symbol` in one-way mode, `symbol/long` or `symbol/short` in hedge mode. */
  readonly key: string;
  readonly symbol: string;
  /** Hedge-mode side; null in one-way mode. */
  readonly positionSide: Side | null;
  /** Signed contracts: + long, - short; never 0 while the position exists. */
  size: Fixed;
  entryPrice: Fixed;
  readonly margin: MarginMode;
  /** Isolated ledger balance in units of the settle asset; 0 for cross. */
  isolatedUnits: bigint;
  /** Row in the scan arrays. */
  slot: number;
  /** Isolated pool row in the scan arrays; -1 for cross. */
  pool: number;
}

export interface SymbolSetting {
  /** User leverage; null means the tier's maximum. */
  leverage: Fixed | null;
  margin: MarginMode;
}

export type OrderSide = 'buy' | 'sell';

export interface Order {
  readonly orderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly positionSide: Side | null;
  /** Remaining contracts, > 0. */
  size: Fixed;
  readonly price: Fixed;
  readonly reduceOnly: boolean;
}

export type { Account } from './account.js';

export interface Market {
  instrument: Instrument;
  markPrice: Fixed | null;
  indexPrice: Fixed | null;
  priceTimeMs: number | null;
  fundingRate: Fixed | null;
  fundingRateTimeMs: number | null;
  lastFundingTimeMs: number | null;
  /** Settlement price once a dated future has been settled; no trading after that. */
  settlementPrice: Fixed | null;
  /** Last order-book snapshot (`book` command), consumed by liquidation fills; null until one arrives. */
  book: OrderBook | null;
  /** The venue table and the model while a `marginRates` command is in force; null otherwise (dynamic/). */
  dynamicRates: DynamicRates | null;
  /** Row of the symbol in the scan arrays. */
  readonly symbolIndex: number;
}

/** Bids best (highest) first, asks best (lowest) first; sizes in contracts. */
export interface OrderBook {
  bids: BookLevel[];
  asks: BookLevel[];
  timeMs: number;
}

export type ExecutorName = 'book' | 'backstop';

export interface LiquidationConfig {
  readonly rules: LiquidationRules;
  /** Executors tried in order for each liquidation close; the last one is always `backstop`. */
  readonly executors: readonly ExecutorName[];
}

export interface EngineState {
  readonly profile: Profile;
  readonly liquidation: LiquidationConfig;
  /** `hold`: uncovered deficits wait in `deficit-pending` for a coordinator (command `liquidationMode`, liquidation/shortfall.ts); absent: resolved locally. */
  shortfall?: 'hold';
  readonly marginCalls: MarginCallConfig;
  readonly assets: Map<string, AssetLedger>;
  readonly markets: Map<string, Market>;
  readonly accounts: Map<string, Account>;
  /** Ids of recent commands applied (accepted or rejected), newer generation: a repeat is a `duplicate` (id-window.ts). */
  appliedIds: Set<string>;
  /** The generation of ids before `appliedIds`. */
  previousIds: Set<string>;
  /** Ids per generation of the id window: at least this many recent ids are remembered. */
  readonly idWindow: number;
  /** `ctx.seq` of the last command applied; -1 before the first. */
  lastSeq: number;
  readonly scan: ScanIndex;
  /** Positions' size, entry, isolated units and pool by scan slot (position-columns.ts, ADR 0038 step 3). */
  readonly positionColumns: PositionColumns;
  /** Option markets and positions (option-book.ts); absent until the first option is defined. */
  options?: OptionBookState;
  /** SPAN parameter sets and the accounts on them (span-book.ts); absent until the first `spanParameters`. */
  span?: SpanBook;
}
