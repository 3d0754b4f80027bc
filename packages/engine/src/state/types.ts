/**
 * The engine state. Exact values only (E18 kernel bigints, ledger units per asset); the float
 * arrays of the risk scan live beside it in `scan` and are rebuilt from the exact state on restore.
 *
 * Ledger accounts (docs/ledger.md): each user wallet (`account.wallets`, per asset), each
 * isolated position (`position.isolatedUnits`), and the system accounts per asset
 * (`AssetLedger.system`: world, clearing, fees, funding-rounding, insurance).
 */
import type { Fixed, Instrument, MarginMode, Profile, Side } from '@margin/core';
import type { Account } from './account.js';
import type { ScanIndex } from '../scan/scan-index.js';
import type { MarginCallConfig } from '../risk/margin-call-config.js';

export const SYSTEM_ACCOUNTS = ['world', 'clearing', 'fees', 'funding-rounding', 'insurance'] as const;
export type SystemAccount = (typeof SYSTEM_ACCOUNTS)[number];

export interface AssetLedger {
  readonly asset: string;
  /** Fraction digits of ledger units (8 unless set by an `asset` command). */
  decimals: number;
  /** Balances of the system accounts in units. `world` is minus (deposits - withdrawals). */
  readonly system: Map<SystemAccount, bigint>;
  deposited: bigint;
  withdrawn: bigint;
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
  /** Row of the symbol in the scan arrays. */
  readonly symbolIndex: number;
}

export interface EngineState {
  readonly profile: Profile;
  readonly marginCalls: MarginCallConfig;
  readonly assets: Map<string, AssetLedger>;
  readonly markets: Map<string, Market>;
  readonly accounts: Map<string, Account>;
  /** Ids of every command applied (accepted or rejected): a repeat is a `duplicate`. */
  readonly appliedIds: Set<string>;
  /** `ctx.seq` of the last command applied; -1 before the first. */
  lastSeq: number;
  readonly scan: ScanIndex;
}
