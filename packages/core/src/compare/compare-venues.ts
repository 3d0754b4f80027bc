/**
 * `margin compare`: one account (the `margin risk` input) margined under every venue record that
 * can hold it, side by side: initial and maintenance margin, available balance, liquidation and
 * bankruptcy prices, and which rules differ between the venues and what each does.
 *
 * A venue holds the account when every instrument is of the venue's contract kind (linear or
 * inverse, from its record) and the input passes the venue's rules (its tier snapshots, its
 * maintenance-rate rule); otherwise the reason is given, and each refusal is listed with a code
 * (compare-refusal.ts). The figures are `computeRisk`'s, through the same parse as `margin risk
 * --profile NAME`: nothing is re-implemented here. `compareVenues` answers even when no venue
 * holds the account (the API shows the refusals); `compareVenuesOrThrow` is `margin compare`'s
 * reading, where an input no venue can hold is an input error.
 */
import { InputError } from '../errors.js';
import { parseRiskInput } from '../input/risk-input.js';
import { computeRisk } from '../risk/compute-risk.js';
import { riskReportToJson, type AccountJson, type PositionJson } from '../report/risk-json.js';
import { VENUES } from '../venues/registry.js';
import type { Profile } from '../profile/profile.js';
import type { Fixed } from '../num/fixed.js';
import { formatFixed } from '../num/decimal.js';
import { venueFunding, type VenueFunding } from './compare-funding.js';
import { ruleRefusal, type VenueRefusal } from './compare-refusal.js';

/** The margin rules a comparison lists when they differ, with what each switch does. */
const RULES: ReadonlyArray<{ readonly key: keyof Profile; readonly what: string }> = [
  { key: 'positionValueBasis', what: 'notional for tiers and margin: at the mark, or at the entry price' },
  { key: 'initialMargin', what: 'initial margin: notional / leverage (leverage), or notional x the tier initial rate (tier)' },
  { key: 'maintenanceCloseFee', what: 'fee to close folded into maintenance margin: none, at the mark, or at the bankruptcy price' },
  { key: 'bankruptcyCloseFee', what: 'whether the bankruptcy price leaves room for the fee to close' },
  { key: 'orderMarginReducesPool', what: 'whether open-order margin leaves the pool before prices are solved' },
  { key: 'maintenanceRate', what: 'maintenance rate: as given by the tier, or half the initial rate at max leverage' },
  { key: 'priceRounding', what: 'liquidation and bankruptcy prices rounded to the tick, or to a number of decimals' },
  { key: 'priceDecimals', what: 'decimals of reported prices (when rounded to decimals)' },
  { key: 'moneyDecimals', what: 'decimals of reported money (rounded against the account)' },
  { key: 'markPriceMeaning', what: 'what the markPrice input stands for' },
];

export interface VenueComparison {
  readonly venue: string;
  readonly title: string;
  readonly holds: boolean;
  /** Why the venue cannot hold the account (holds false). */
  readonly reason: string | null;
  readonly description: string;
  readonly account: AccountJson | null;
  readonly positions: readonly PositionJson[];
  /** Funding at the venue's current rule (compare-funding.ts); null without funding rules or when the venue cannot hold the account. */
  readonly funding?: VenueFunding | null;
}

export interface RuleDifference {
  readonly rule: string;
  readonly what: string;
  readonly values: Readonly<Record<string, string>>;
}

export interface CompareReport {
  readonly venues: readonly VenueComparison[];
  /** Rules whose value differs between the venues that hold the account. */
  readonly differences: readonly RuleDifference[];
  /** Positions whose tier, maintenance rate or leverage differ between venues (tier tables and caps differ). */
  readonly tierDifferences: ReadonlyArray<{ readonly position: number; readonly symbol: string; readonly values: Readonly<Record<string, string>> }>;
  readonly warnings: readonly string[];
  /** Each venue that cannot hold the account, with a code and the reason (empty when every venue holds it). */
  readonly refusals: readonly VenueRefusal[];
}

interface InstrumentKindInput {
  readonly instruments?: ReadonlyArray<{ readonly symbol?: unknown; readonly kind?: unknown }>;
}

function kindMismatch(json: unknown, contractKind: string, title: string): string | null {
  const instruments = (json as InstrumentKindInput | null)?.instruments;
  if (!Array.isArray(instruments)) return null;
  for (const instrument of instruments) {
    const kind = typeof instrument?.kind === 'string' ? instrument.kind : '';
    if (kind !== '' && !kind.startsWith(contractKind)) return `${title} lists ${contractKind} contracts; ${String(instrument.symbol)} is ${kind}`;
  }
  return null;
}

export interface CompareOptions {
  /** Average premium of the funding window for every symbol (default 0: the interest term alone). */
  readonly premium?: Fixed;
}

/** Margin the account of `json` (decoded `margin risk` input) under every venue with margin rules; refusals are listed, not thrown. */
export function compareVenues(json: unknown, options: CompareOptions = {}): CompareReport {
  return compareAll(json, options).report;
}

/** As `compareVenues`, but throws `InputError` when no venue can hold the account: the one input error every venue saw, else every reason. */
export function compareVenuesOrThrow(json: unknown, options: CompareOptions = {}): CompareReport {
  const { report, firstError } = compareAll(json, options);
  if (report.venues.some((v) => v.holds)) return report;
  // One input error under the rules of every venue of the right contract kind (a bad field): that error, once.
  const kindRefused = new Set(report.refusals.filter((r) => r.code === 'contract-kind').map((r) => r.venue));
  const parsedUnder = report.venues.filter((v) => !kindRefused.has(v.venue));
  if (firstError !== null && parsedUnder.every((v) => v.reason === firstError.message)) throw firstError;
  const reasons = report.venues.map((v) => `${v.venue}: ${v.reason ?? ''}`).join('; ');
  throw new InputError([], `no venue can hold this account (${reasons})`);
}

function compareAll(json: unknown, options: CompareOptions): { report: CompareReport; firstError: InputError | null } {
  const premium = options.premium ?? 0n;
  const venues: VenueComparison[] = [];
  const held: Array<{ name: string; profile: Profile; funding: VenueFunding | null }> = [];
  let warnings: readonly string[] = [];
  let firstError: InputError | null = null;
  const refusals: VenueRefusal[] = [];
  for (const record of VENUES) {
    const profile = record.margin;
    if (profile === null) continue;
    const base = { venue: record.name, title: record.title, description: profile.description };
    const mismatch = kindMismatch(json, record.contractKind, record.title);
    if (mismatch !== null) {
      refusals.push({ venue: record.name, code: 'contract-kind', message: mismatch });
      venues.push({ ...base, holds: false, reason: mismatch, account: null, positions: [] });
      continue;
    }
    try {
      const parsed = parseRiskInput(json, record.name);
      warnings = parsed.warnings;
      const risk = riskReportToJson(computeRisk(parsed.request));
      const funding = record.market === null ? null : venueFunding(record.market, risk.positions, premium);
      venues.push({ ...base, holds: true, reason: null, account: risk.account, positions: risk.positions, funding });
      held.push({ name: record.name, profile, funding });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      firstError ??= error;
      refusals.push(ruleRefusal(record.name, json, error));
      venues.push({ ...base, holds: false, reason: error.message, account: null, positions: [] });
    }
  }
  const differences: RuleDifference[] = [];
  for (const rule of RULES) {
    const values: Record<string, string> = {};
    for (const { name, profile } of held) values[name] = String(profile[rule.key]);
    if (new Set(Object.values(values)).size > 1) differences.push({ rule: rule.key, what: rule.what, values });
  }
  // Funding rules (the venue records' market part): interval, formula, interest, cap.
  const fundingValues: Record<string, string> = {};
  for (const { name, funding } of held) fundingValues[name] = funding === null ? 'no funding rules in the record' : `every ${funding.intervalHours} h: ${funding.formula}, interest ${funding.interestPerDay}/day`;
  if (new Set(Object.values(fundingValues)).size > 1) {
    differences.push({ rule: 'funding', what: `funding rate of one interval and how often it is paid, at premium ${formatFixed(premium)} (payments per venue below)`, values: fundingValues });
  }
  const tierDifferences: Array<{ position: number; symbol: string; values: Record<string, string> }> = [];
  const holding = venues.filter((v) => v.holds);
  const first = holding[0];
  first?.positions.forEach((position, index) => {
    const values: Record<string, string> = {};
    for (const v of holding) {
      const p = v.positions[index];
      if (p !== undefined) values[v.venue] = `tier ${p.tier}, MMR ${p.maintenanceRate}, leverage ${p.leverage}${p.leverageCapped ? ' (capped)' : ''}`;
    }
    if (new Set(Object.values(values)).size > 1) tierDifferences.push({ position: index, symbol: position.symbol, values });
  });
  return { report: { venues, differences, tierDifferences, warnings, refusals }, firstError };
}
