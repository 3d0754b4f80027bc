/**
 * `margin funding`: from the validated input to the report (every number a decimal string).
 * Premium samples (or an average, or a given rate) -> funding rate per profile -> funding time
 * -> exact payments per position with the rounding account.
 */
import { InputError } from '../errors.js';
import { capBounds, computeFundingRate, interestForHours, rateBasisHours, type CapBounds, type FundingRateBreakdown } from '../market/funding-rate.js';
import { HOUR_MS, fundingTimeAtOrAfter } from '../market/funding-schedule.js';
import { settleFunding } from '../market/funding-settlement.js';
import { checkBookOrder, computeImpactPrice, impactNotionalAtLeverage, impactNotionalFromMargin } from '../market/impact-price.js';
import type { CapRule, FundingRules, MarketProfile } from '../market/market-profile.js';
import { averagePremium, premiumSample } from '../market/premium.js';
import { ONE, div, type Fixed } from '../num/fixed.js';
import type { FundingInput, FundingSampleRow } from '../input/funding-input.js';
import { count, fx, fxOrNull, iso, unitsText } from './report-text.js';
import { signedSize } from '../input/market-rows.js';

function initialRateOf(input: FundingInput): Fixed | null {
  if (input.initialRate !== undefined) return input.initialRate;
  return input.maxLeverage === undefined ? null : div(ONE, input.maxLeverage, 'ceil');
}

function resolveCap(rules: FundingRules, input: FundingInput): CapBounds | null {
  if (input.capRate !== undefined || input.floorRate !== undefined) {
    const cap = input.capRate ?? (input.floorRate === undefined ? 0n : -input.floorRate);
    const floor = input.floorRate ?? -cap;
    if (floor > cap) throw new InputError(['floorRate'], `must not be above capRate ${fx(cap)}`);
    return { rule: `input cap ${fx(cap)} / floor ${fx(floor)}`, cap, floor };
  }
  let rule: CapRule = rules.cap;
  if (input.capMultiplier !== undefined) {
    if (rule.kind !== 'maintenance-multiple' && rule.kind !== 'margin-difference') {
      throw new InputError(['capMultiplier'], `profile cap is "${rule.kind}", which has no multiplier (give capRate/floorRate)`);
    }
    rule = { ...rule, multiplier: input.capMultiplier };
  }
  return capBounds(rule, { maintenanceRate: input.maintenanceRate ?? null, initialRate: initialRateOf(input) });
}

function resolveInterest(rules: FundingRules, input: FundingInput, basisHours: number): { rate: Fixed; source: string } {
  if (input.interestRate !== undefined) return { rate: input.interestRate, source: `input, per ${basisHours} h` };
  if (input.interestRatePerDay !== undefined) {
    return { rate: interestForHours(input.interestRatePerDay, basisHours), source: `input ${fx(input.interestRatePerDay)}/day x ${basisHours} h / 24 h` };
  }
  if (input.interestQuoteRatePerDay !== undefined || input.interestBaseRatePerDay !== undefined) {
    const quote = input.interestQuoteRatePerDay ?? 0n;
    const base = input.interestBaseRatePerDay ?? 0n;
    return { rate: interestForHours(quote - base, basisHours), source: `(quote ${fx(quote)} - base ${fx(base)})/day x ${basisHours} h / 24 h` };
  }
  return { rate: interestForHours(rules.interestPerDay, basisHours), source: `profile ${fx(rules.interestPerDay)}/day x ${basisHours} h / 24 h` };
}

function impactNotionalOf(profile: MarketProfile, input: FundingInput): Fixed {
  if (input.impactNotional !== undefined) return input.impactNotional;
  const rule = profile.funding.impactNotional;
  if (rule.kind === 'fixed') return rule.notional;
  if (rule.kind === 'margin-over-initial-rate') {
    const margin = input.impactMargin ?? rule.margin;
    if (input.initialRate === undefined && input.maxLeverage !== undefined) return impactNotionalAtLeverage(margin, input.maxLeverage);
    if (input.initialRate === undefined) {
      throw new InputError(['maxLeverage'], `is required to size the impact notional (${fx(margin)} / initial rate at max leverage), or give initialRate or impactNotional`);
    }
    return impactNotionalFromMargin(margin, input.initialRate);
  }
  throw new InputError(['impactNotional'], `is required to walk order books (profile ${profile.name} publishes no impact notional rule)`);
}

interface SampleOutcome {
  readonly premium: Fixed;
  readonly impactBid: Fixed | null;
  readonly impactAsk: Fixed | null;
}

function sampleOutcome(row: FundingSampleRow, index: number, profile: MarketProfile, input: FundingInput, inverse: boolean, contractSize: Fixed): SampleOutcome {
  const at = (field: string): (string | number)[] => ['samples', index, field];
  const priced = row.impactBid !== undefined || row.impactAsk !== undefined || row.bids !== undefined || row.asks !== undefined;
  if (row.premium !== undefined) {
    if (priced || row.indexPrice !== undefined) throw new InputError(at('premium'), 'give either premium or the prices it is computed from, not both');
    return { premium: row.premium, impactBid: null, impactAsk: null };
  }
  if (row.indexPrice === undefined) throw new InputError(at('indexPrice'), 'is required (or give premium)');
  let impactBid = row.impactBid ?? null;
  let impactAsk = row.impactAsk ?? null;
  if (row.bids !== undefined || row.asks !== undefined) {
    if (impactBid !== null || impactAsk !== null) throw new InputError(at('bids'), 'give either impactBid/impactAsk or bids/asks, not both');
    const notional = impactNotionalOf(profile, input);
    const contract = { inverse, contractSize };
    const side = (field: 'bids' | 'asks', levels: Array<[Fixed, Fixed]>, bookSide: 'bid' | 'ask'): Fixed | null => {
      const book = levels.map(([price, size]) => ({ price, size }));
      checkBookOrder(book, bookSide, ['samples', index, field]);
      return computeImpactPrice(book, bookSide, notional, contract).price;
    };
    impactBid = side('bids', row.bids ?? [], 'bid');
    impactAsk = side('asks', row.asks ?? [], 'ask');
  } else if (impactBid === null && impactAsk === null) {
    throw new InputError(at('impactBid'), 'is required: give impactBid and impactAsk, bids and asks, or premium');
  }
  const needsMark = profile.funding.premiumReference !== 'index';
  if (needsMark && row.markPrice === undefined) throw new InputError(at('markPrice'), `is required: profile ${profile.name} measures the premium against the mark`);
  const premium = premiumSample({ impactBid, impactAsk, indexPrice: row.indexPrice, markPrice: row.markPrice ?? null }, profile.funding.premiumReference);
  return { premium, impactBid, impactAsk };
}

function premiumSection(profile: MarketProfile, input: FundingInput, inverse: boolean, contractSize: Fixed, intervalMs: number) {
  const rules = profile.funding;
  if (input.samples === undefined || input.samples.length === 0) {
    if (input.premiumIndex === undefined) return null;
    return { json: { source: 'input premiumIndex', average: fx(input.premiumIndex) }, average: input.premiumIndex, lastTimeMs: null };
  }
  if (input.premiumIndex !== undefined) throw new InputError(['premiumIndex'], 'give either premiumIndex or samples, not both');
  const samples = input.samples;
  samples.forEach((row, index) => {
    const previous = samples[index - 1];
    if (previous !== undefined && row.time < previous.time) throw new InputError(['samples', index, 'time'], 'samples must be in time order');
  });
  const lastTimeMs = samples[samples.length - 1]?.time ?? 0;
  const endMs = fundingTimeAtOrAfter(lastTimeMs, { intervalMs, offsetMs: rules.scheduleOffsetHours * HOUR_MS });
  samples.forEach((row, index) => {
    if (row.time <= endMs - intervalMs) {
      throw new InputError(['samples', index, 'time'], `${iso(row.time)} is outside the funding window (${iso(endMs - intervalMs)}, ${iso(endMs)}] of the last sample`);
    }
  });
  const outcomes = samples.map((row, index) => sampleOutcome(row, index, profile, input, inverse, contractSize));
  const average = averagePremium(outcomes.map((outcome) => outcome.premium), rules.averaging, rules.minSamples);
  const thin = outcomes.filter((outcome) => outcome.impactBid === null && outcome.impactAsk === null).length;
  return {
    json: {
      source: 'samples',
      averaging: rules.averaging,
      sampleCount: count(average.sampleCount),
      paddedCount: count(average.paddedCount),
      windowStart: iso(endMs - intervalMs),
      windowEnd: iso(endMs),
      firstSample: { time: iso(samples[0]?.time ?? 0), premium: fx(outcomes[0]?.premium ?? 0n) },
      lastSample: { time: iso(lastTimeMs), premium: fx(outcomes[outcomes.length - 1]?.premium ?? 0n) },
      samplesWithoutImpactPrices: count(thin),
      average: fx(average.average),
    },
    average: average.average,
    lastTimeMs: endMs,
  };
}

function paymentsSection(profile: MarketProfile, input: FundingInput, rate: Fixed, fundingTimeMs: number | null, inverse: boolean, contractSize: Fixed) {
  if (input.positions === undefined || input.positions.length === 0) return null;
  const priceField = profile.funding.paymentPrice === 'oracle' ? 'oraclePrice' : 'markPrice';
  const price = priceField === 'oraclePrice' ? input.oraclePrice : input.markPrice;
  if (price === undefined) {
    const why = priceField === 'oraclePrice' ? `${profile.name} pays funding on the oracle price, not the mark` : `${profile.name} pays funding on the mark price`;
    throw new InputError([priceField], `is required to settle payments (${why})`);
  }
  const decimals = input.assetDecimals ?? 8;
  const roundingAccount = input.roundingAccount ?? 'funding-rounding';
  const result = settleFunding({
    positions: input.positions.map((row) => ({ account: row.account, symbol: row.symbol ?? input.symbol ?? '', size: signedSize(row), openedAtMs: row.openedAt ?? null, closedAtMs: row.closedAt ?? null })),
    price,
    rate,
    instrument: { kind: inverse ? 'inverse-perpetual' : 'linear-perpetual', contractSize },
    assetDecimals: decimals,
    roundingAccount,
    fundingTimeMs,
  });
  const excludedByIndex = new Map(result.excluded.map((entry) => [entry.index, entry.reason]));
  const paidByIndex = new Map(result.payments.map((payment) => [payment.index, payment.amountUnits]));
  const total = result.payments.reduce((sum, payment) => sum + payment.amountUnits, 0n);
  return {
    price: fx(price),
    priceKind: profile.funding.paymentPrice,
    asset: input.settle ?? null,
    assetDecimals: count(decimals),
    rows: input.positions.map((row, index) => {
      const units = paidByIndex.get(index);
      return {
        account: row.account,
        side: row.side,
        size: fx(row.size),
        amount: units === undefined ? null : unitsText(units, decimals),
        amountUnits: units === undefined ? null : units.toString(),
        status: units === undefined ? `excluded: ${excludedByIndex.get(index) ?? ''}` : units < 0n ? 'pays' : units > 0n ? 'receives' : 'zero',
      };
    }),
    roundingAccount: { account: roundingAccount, amount: unitsText(result.roundingUnits, decimals), amountUnits: result.roundingUnits.toString() },
    netSize: fx(result.netSize),
    balanced: result.balanced,
    total: unitsText(total + result.roundingUnits, decimals),
    zeroSum: total + result.roundingUnits === 0n,
  };
}

function computationJson(rules: FundingRules, result: FundingRateBreakdown, interestSource: string, intervalHours: number) {
  return {
    formula: rules.formula === 'interest-clamp' ? 'F = P + clamp(I - P, -c, c)' : 'F = P + I',
    interest: { rate: fx(result.interestRate), basisHours: String(result.basisHours), source: interestSource },
    clamp: result.clampBound === null ? null : { bound: fx(result.clampBound), interestMinusPremium: fxOrNull(result.interestMinusPremium), clamped: fxOrNull(result.clampedInterestMinusPremium) },
    formulaRate: fx(result.formulaRate),
    cap: result.cap === null ? null : { rule: result.cap.rule, cap: fx(result.cap.cap), floor: fx(result.cap.floor), appliesTo: result.cap.target, hit: result.cap.hit },
    changeLimit: result.changeLimit === null ? null : { previousRate: fx(result.changeLimit.previousRate), maxChange: fx(result.changeLimit.maxChange), hit: result.changeLimit.hit },
    scaling: rules.scaling === 'per-interval' ? 'rate per funding interval' : `${rateBasisHours(rules, intervalHours)}-hour rate x ${intervalHours} h / ${rateBasisHours(rules, intervalHours)} h per payment`,
  };
}
type ComputationJson = ReturnType<typeof computationJson>;

export function fundingReport(profile: MarketProfile, input: FundingInput) {
  const rules = profile.funding;
  const intervalHours = input.intervalHours ?? rules.intervalHours;
  const intervalMs = Math.round(intervalHours * HOUR_MS);
  const inverse = input.kind === undefined ? profile.contractKind === 'inverse' : input.kind === 'inverse';
  const contractSize = input.contractSize ?? ONE;
  const premium = premiumSection(profile, input, inverse, contractSize, intervalMs);
  const schedule = { intervalMs, offsetMs: rules.scheduleOffsetHours * HOUR_MS };
  const windowEndMs = premium?.lastTimeMs ?? (input.time === undefined ? null : fundingTimeAtOrAfter(input.time, schedule));
  let rate: Fixed;
  let breakdown: ComputationJson | null = null;
  let lag = 0;
  if (input.fundingRate !== undefined) {
    if (premium !== null) throw new InputError(['fundingRate'], 'give either fundingRate or premium samples / premiumIndex, not both');
    rate = input.fundingRate;
  } else {
    if (premium === null) throw new InputError(['samples'], 'is required (or give premiumIndex, or fundingRate to settle payments only)');
    const basisHours = rateBasisHours(rules, intervalHours);
    const interest = resolveInterest(rules, input, basisHours);
    const result = computeFundingRate({
      rules,
      intervalHours,
      premiumAverage: premium.average,
      interestRate: interest.rate,
      clampBound: input.clampBound ?? null,
      capBounds: resolveCap(rules, input),
      maintenanceRate: input.maintenanceRate ?? null,
      previousRate: input.previousRate ?? null,
    });
    rate = result.rate;
    lag = rules.rateLag === 'next-window' ? intervalMs : 0;
    breakdown = computationJson(rules, result, interest.source, intervalHours);
  }
  const fundingTimeMs = input.fundingTime ?? (windowEndMs === null ? null : windowEndMs + lag);
  const payments = paymentsSection(profile, input, rate, fundingTimeMs, inverse, contractSize);
  // Only needed to walk order books; reported whenever the inputs can size it.
  let impactNotional: Fixed | null;
  try {
    impactNotional = impactNotionalOf(profile, input);
  } catch {
    impactNotional = null;
  }
  return {
    profile: profile.name,
    symbol: input.symbol ?? null,
    intervalHours: String(intervalHours),
    impactNotional: fxOrNull(impactNotional),
    premium: premium?.json ?? null,
    computation: breakdown,
    rateSource: breakdown === null ? 'input fundingRate' : 'computed',
    fundingRate: fx(rate),
    nextFundingTime: fundingTimeMs === null ? null : iso(fundingTimeMs),
    rateAppliesAt: lag > 0 ? 'end of the window after the sampled one (BitMEX)' : input.fundingTime !== undefined ? 'input fundingTime' : 'end of the sampled window',
    payments,
  };
}

export type FundingReport = ReturnType<typeof fundingReport>;
