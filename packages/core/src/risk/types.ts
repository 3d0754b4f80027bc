/** The request and the report of a risk computation, in kernel values (E18 bigints). */
import type { Fixed } from '../num/index.js';
import type { Instrument } from '../instrument/instrument.js';
import type { Side } from '../position/position-math.js';
import type { Profile } from '../profile/profile.js';

export type MarginMode = 'cross' | 'isolated';
export type PositionMode = 'one-way' | 'hedge';

export interface AccountSpec {
  /** Cross wallet balance in the settle asset of the cross positions. */
  readonly balance: Fixed;
  readonly positionMode: PositionMode;
  /** Settle asset of the cross pool, when known. */
  readonly asset: string | null;
  /** Margin reserved by open orders of the cross pool (0 when none). */
  readonly orderMargin: Fixed;
}

export interface PositionSpec {
  readonly symbol: string;
  readonly side: Side;
  /** Contracts, > 0. */
  readonly size: Fixed;
  readonly entryPrice: Fixed;
  /** User leverage; null means the tier's max leverage. */
  readonly leverage: Fixed | null;
  readonly margin: MarginMode;
  /** Margin ring-fenced for an isolated position; null for cross. */
  readonly isolatedBalance: Fixed | null;
}

export interface RiskRequest {
  readonly profile: Profile;
  readonly account: AccountSpec;
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly markPrices: ReadonlyMap<string, Fixed>;
  readonly positions: readonly PositionSpec[];
}

export interface IsolatedPool {
  readonly balance: Fixed;
  readonly equity: Fixed;
  /** MM / equity; null when equity <= 0 and MM > 0. */
  readonly marginRatio: Fixed | null;
  readonly liquidatable: boolean;
}

export interface PositionRisk {
  readonly spec: PositionSpec;
  readonly instrument: Instrument;
  readonly markPrice: Fixed;
  /** Notional at the mark, settle asset. */
  readonly notional: Fixed;
  /** Notional the requirements are computed on (mark or entry, per profile). */
  readonly valueNotional: Fixed;
  readonly unrealizedPnl: Fixed;
  readonly tierIndex: number;
  readonly maintenanceRate: Fixed;
  readonly maintenanceAmount: Fixed;
  readonly maxLeverage: Fixed;
  /** Leverage used for IM after the tier cap. */
  readonly leverage: Fixed;
  readonly leverageCapped: boolean;
  readonly initialMargin: Fixed;
  /** Includes the fee to close where the profile asks for it. */
  readonly maintenanceMargin: Fixed;
  readonly closeFee: Fixed;
  readonly liquidationPrice: Fixed | null;
  readonly bankruptcyPrice: Fixed | null;
  readonly isolated: IsolatedPool | null;
}

export interface AccountRisk {
  readonly settle: string | null;
  readonly walletBalance: Fixed;
  readonly unrealizedPnl: Fixed;
  readonly equity: Fixed;
  readonly initialMargin: Fixed;
  readonly maintenanceMargin: Fixed;
  readonly marginRatio: Fixed | null;
  readonly availableBalance: Fixed;
  readonly liquidatable: boolean;
  readonly orderMargin: Fixed;
}

export interface RiskReport {
  readonly profile: Profile;
  readonly account: AccountRisk;
  readonly positions: readonly PositionRisk[];
}
