/**
 * SPAN risk parameters in one shape, whichever file they came from (PA2 positional, XML SPN, or
 * computed): combined commodities with their tiers, spreads, spot-month and short-option rules,
 * the contracts with their risk arrays, and the inter-commodity spreads. Rates are money per
 * contract (or per delta); credit rates and ratios are fractions; ratios keep their decimal text
 * so that initial = ratio x maintenance is exact.
 */
export type AccountClass = 'member' | 'hedger' | 'speculator';
export const ACCOUNT_CLASSES: readonly AccountClass[] = ['member', 'hedger', 'speculator'];

export interface SpanContract {
  readonly id: string;
  /** Combined commodity code. */
  readonly cc: string;
  readonly kind: 'future' | 'option';
  readonly optionType: 'call' | 'put' | null;
  /** Contract month YYYYMM (of the future, or of the option's expiry). */
  readonly month: string;
  readonly strike: number | null;
  /** Settlement price in points. */
  readonly price: number;
  /** Money per price point. */
  readonly contractValueFactor: number;
  /** Loss of one long contract per scenario, money (cover fraction applied to 15 and 16). */
  readonly riskArray: readonly number[];
  /** Composite delta of one contract, in underlying futures. */
  readonly compositeDelta: number;
}

export interface SpanTier {
  readonly tier: number;
  /** First and last contract month (YYYYMM), inclusive. */
  readonly startMonth: string;
  readonly endMonth: string;
}

export interface SpanSpreadLeg {
  readonly tier: number;
  /** Delta per spread. */
  readonly ratio: number;
  /** A and B legs take opposite sides. */
  readonly side: 'A' | 'B';
}

export interface IntraSpread {
  readonly priority: number;
  /** Charge per spread formed, money. */
  readonly rate: number;
  readonly legs: readonly SpanSpreadLeg[];
}

export interface SpotMonthCharge {
  readonly month: string;
  /** Money per delta of the spot month consumed by intra spreads. */
  readonly ratePerDeltaSpread: number;
  /** Money per delta of the spot month left outright. */
  readonly ratePerDeltaOutright: number;
}

/** How short options count toward the short option minimum. */
export type SomMethod = 'gross' | 'max-calls-puts';
/** Weighted futures price risk for delta-based inter credits (PA2 type S: 1 normal, 2 scan range, 3 capped). */
export type WfprMethod = 'normal' | 'scan-range' | 'scan-range-cap';

export interface CombinedCommodity {
  readonly code: string;
  readonly currency: string;
  readonly tiers: readonly SpanTier[];
  readonly intraSpreads: readonly IntraSpread[];
  readonly spotCharges: readonly SpotMonthCharge[];
  /** Short option minimum per counted short option, money. */
  readonly somRate: number;
  readonly somMethod: SomMethod;
  /** Initial / maintenance ratio per account class, decimal text ("1.1"). */
  readonly initialRatios: Readonly<Record<AccountClass, string>>;
  /** Price scan range in money per delta (for WFPR scan-range methods); null when not given. */
  readonly priceScanRange: number | null;
  readonly wfprMethod: WfprMethod;
  /** Cap a long-options-only requirement at the options' value (CME FAQ). */
  readonly limitOptionValue: boolean;
}

export interface InterSpreadLeg {
  readonly cc: string;
  readonly ratio: number;
  readonly side: 'A' | 'B';
}

export interface InterSpread {
  readonly priority: number;
  /** Delta-based (credit = spreads x ratio x WFPR x rate) or scanning-based (target leg scanned with the others' gains). */
  readonly method: 'delta' | 'scanning';
  /** Credit rate, fraction (0.55 = 55 %); for scanning spreads, the gain allowance. */
  readonly creditRate: number;
  readonly legs: readonly InterSpreadLeg[];
  /** Scanning spreads: the combined commodity whose scan risk is reduced. */
  readonly targetCc: string | null;
}

export interface SpanParams {
  readonly exchangeComplex: string;
  readonly businessDate: string;
  readonly ccs: readonly CombinedCommodity[];
  readonly contracts: readonly SpanContract[];
  readonly interSpreads: readonly InterSpread[];
}

export interface SpanPortfolioPosition {
  readonly contract: string;
  /** Signed contracts: long > 0. */
  readonly quantity: number;
}

export interface SpanPortfolio {
  readonly accountClass: AccountClass;
  readonly positions: readonly SpanPortfolioPosition[];
}
