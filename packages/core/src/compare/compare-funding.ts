/**
 * Funding at each venue's current rule, for `margin compare`: the rate of one funding interval
 * from the venue record's funding rules (`computeFundingRate`, the same function `margin funding`
 * runs) at a stated average premium (default 0: the interest term alone, what a market at its
 * index pays), and what each position pays per interval and per day at that rate. Longs pay a
 * positive rate, shorts receive it. The cap uses the position's own maintenance rate and its
 * initial rate at the leverage used. Payments round against the account (a payment up, a receipt
 * down). Figures, not ledger entries: the engine settles funding from `settleFunding` commands.
 */
import { ONE, div, mul, roundDecimals, type Fixed } from '../num/fixed.js';
import { formatFixed, parseFixed } from '../num/decimal.js';
import { capBounds, computeFundingRate, type CapBounds } from '../market/funding-rate.js';
import type { MarketProfile } from '../market/market-profile.js';
import type { PositionJson } from '../report/risk-json.js';

/** Decimals of a funding payment figure (a report figure in the settle asset). */
export const PAYMENT_DECIMALS = 8;

export interface PositionFunding {
  readonly symbol: string;
  readonly side: string;
  /** Rate of one interval for this position's market (caps use its rates). */
  readonly rate: string;
  /** Per interval, settle asset: + the account pays, - it receives. */
  readonly payment: string;
  readonly paymentPerDay: string;
  readonly capped: boolean;
}

export interface VenueFunding {
  readonly intervalHours: number;
  readonly formula: string;
  readonly interestPerDay: string;
  readonly premium: string;
  readonly positions: readonly PositionFunding[];
}

function formulaText(market: MarketProfile): string {
  const f = market.funding;
  const core = f.formula === 'interest-clamp' ? `F = P + clamp(I - P, -${formatFixed(f.clampBound)}, ${formatFixed(f.clampBound)})` : 'F = P + I';
  const scaling = f.scaling === 'per-interval' ? `paid every ${f.intervalHours} h` : `${f.scaling === 'day-prorated' ? '24' : '8'} h rate prorated to ${f.intervalHours} h payments`;
  const cap = f.cap.kind === 'none' ? 'no cap' : f.cap.kind === 'fixed' ? `cap ${formatFixed(f.cap.cap)}` : f.cap.kind === 'maintenance-multiple' ? `cap ${formatFixed(f.cap.multiplier)} x MMR` : `cap ${formatFixed(f.cap.multiplier)} x (IMR - MMR)`;
  return `${core}, ${scaling}, ${cap}`;
}

/** The cap of the venue's rule at the position's rates; none when the rates cannot size it (initial below maintenance). */
function boundsOf(market: MarketProfile, maintenanceRate: Fixed, initialRate: Fixed): CapBounds | null {
  try {
    return capBounds(market.funding.cap, { maintenanceRate, initialRate });
  } catch {
    return null;
  }
}

export function venueFunding(market: MarketProfile, positions: readonly PositionJson[], premium: Fixed): VenueFunding {
  const rules = market.funding;
  // Payments per day = payment x 24 / interval, in integers (interval hours to 1/1000 h, as records state them).
  const intervalMilliHours = BigInt(Math.round(rules.intervalHours * 1000));
  return {
    intervalHours: rules.intervalHours,
    formula: formulaText(market),
    interestPerDay: formatFixed(rules.interestPerDay),
    premium: formatFixed(premium),
    positions: positions.map((position) => {
      const maintenanceRate = parseFixed(position.maintenanceRate);
      const initialRate = div(ONE, parseFixed(position.leverage), 'ceil');
      const bounds = boundsOf(market, maintenanceRate, initialRate);
      const result = computeFundingRate({ rules, intervalHours: rules.intervalHours, premiumAverage: premium, capBounds: bounds, maintenanceRate });
      const notional = parseFixed(position.notional);
      const sign = position.side === 'short' ? -1n : 1n;
      const signedRate = result.rate * sign;
      // Paying: round up; receiving: round toward zero (against the account), to 8 decimals.
      const rounding = signedRate > 0n ? 'ceil' : 'trunc';
      const payment = roundDecimals(mul(notional, signedRate, rounding), PAYMENT_DECIMALS, rounding);
      return {
        symbol: position.symbol,
        side: position.side,
        rate: formatFixed(result.rate),
        payment: formatFixed(payment),
        paymentPerDay: formatFixed((payment * 24_000n) / intervalMilliHours),
        capped: result.cap?.hit === true,
      };
    }),
  };
}
