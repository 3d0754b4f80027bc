/**
 * Methodology profiles: how a venue computes margin, as data plus a few named formula variants
 * (docs/venues.md; each venue's record in core/src/venues holds one). A profile never forks the kernel; it picks among these switches.
 */
import type { TierRowText } from './tier-snapshot.js';
import type { TierBasis, TierRule } from '../tiers/tiers.js';
import type { Fixed } from '../num/fixed.js';

export type PositionValueBasis = 'mark' | 'entry';
export type InitialMarginRule = 'leverage' | 'tier';
export type CloseFeeRule = 'none' | 'mark' | 'bankruptcy';
export type PriceRounding = 'tick' | 'decimals' | 'decimals-nearest';
export type MaintenanceRateRule = 'required' | 'half-initial-at-max-leverage';

export interface TierSnapshot {
  readonly symbol: string;
  /** Date the table was read (ISO date). */
  readonly asOf: string;
  readonly source: string;
  readonly tiers: readonly TierRowText[];
}

export interface Profile {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly sources: readonly string[];
  /**
   * Notional used for tier choice, initial and maintenance margin: at the mark (Binance, dYdX,
   * Hyperliquid) or at the entry price (Bybit classic: "position value" is entry value).
   */
  readonly positionValueBasis: PositionValueBasis;
  /** `leverage`: IM = value / min(user leverage, tier max). `tier`: IM = value x tier initial rate (dYdX IMF). */
  readonly initialMargin: InitialMarginRule;
  /** Fee to close folded into maintenance: none, at the mark, or at the bankruptcy price (Bybit). */
  readonly maintenanceCloseFee: CloseFeeRule;
  /** Whether open-order margin is taken out of the cross pool before solving prices (Bybit: Balance - OrderMargin). */
  readonly orderMarginReducesPool: boolean;
  /** Whether the bankruptcy price leaves room for the fee to close (Bybit: BP = 1.00075 Qty / ...). */
  readonly bankruptcyCloseFee: boolean;
  /**
   * How liquidation and bankruptcy prices are reported, always rounded toward the safe side:
   * `tick` to the instrument's tick (Bybit), `decimals` to `priceDecimals` fraction digits
   * (Binance's positionRisk returns e.g. "6170.20509059", not a tick multiple).
   * `decimals-nearest`: to `priceDecimals` digits, to the nearest (ties to even), as the venue's
   * API reports it (Hyperliquid's liquidationPx); not toward the safe side, so the reported price
   * may lie up to half a unit past the last safe price (ADR 0018).
   */
  readonly priceRounding: PriceRounding;
  readonly priceDecimals: number;
  /** Fraction digits of money in reports (rounded against the account). */
  readonly moneyDecimals: number;
  /** Fraction digits of ratios in reports (rounded up). */
  readonly ratioDecimals: number;
  /** Hyperliquid: maintenance rate = half the initial rate at max leverage when a tier omits it. */
  readonly maintenanceRate: MaintenanceRateRule;
  /**
   * How tier tables price a position: absent = `cumulative` (tax-bracket amounts, continuous);
   * `step` = the whole position at its tier's rate (OKX, BitMEX risk limits; ADR 0018). Optional
   * so records without it print as before.
   */
  readonly tierRule?: TierRule;
  /** What tier floors measure: absent = notional; `quantity` = position size in contracts (OKX). */
  readonly tierBasis?: TierBasis;
  /** What the `markPrice` input means for this venue. */
  readonly markPriceMeaning: string;
  /**
   * The pre-trade check of an opening fill at a price better than the mark: `credited` counts the
   * instant gain (fill to mark) as equity; `excluded` does not (Binance's order cost = initial
   * margin + open loss: an opening loss is charged, a gain is not credited). Absent: `credited`.
   */
  readonly openingGain?: 'credited' | 'excluded';
  readonly tierSnapshots: readonly TierSnapshot[];
  /**
   * The largest rebate (a fill's negative fee) the venue pays, as a rate of the fill's notional.
   * Absent means 0: a negative fee is refused (fee_rebate_exceeds_allowance). A record that sets
   * it names its source.
   */
  readonly rebateRateMax?: Fixed;
}
