/**
 * SPAN parameters as JSON, for instruments whose risk arrays are computed here by full
 * revaluation (Black-76) from their parameters rather than read from a clearing house's file: each
 * contract gives either `riskArray` (16 decimal strings, loss of one long contract) and
 * `compositeDelta`, or the inputs of `computeRiskArray` (underlying price, scan ranges, and for
 * options strike, time, volatility). Defaults of the `span` record: extreme move 3 x PSR, cover
 * fraction 0.33, lookahead 1/365 year.
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { fixedToNumber } from '../num/decimal.js';
import { decimal, list, oneOf, record, text } from './decimal-schema.js';
import { parseWithSchema, type Parsed } from './parse-with-schema.js';
import { computeRiskArray } from '../portfolio/span/risk-array.js';
import { spanContractId } from '../portfolio/span/contract-id.js';
import type { SpanContract, SpanParams } from '../portfolio/span/params.js';

const num = (sign: 'positive' | 'nonNegative' | 'any' = 'any') => decimal(sign).transform((v) => fixedToNumber(v));
const month = text('a month CCYYMM').refine((v) => /^[0-9]{4}(0[1-9]|1[0-2])$/.test(v), { error: 'must be a month CCYYMM like "202612"' });
const ratio = decimal('positive').transform((v) => v);

const contractSchema = record({
  product: text('a product code'),
  kind: oneOf(['future', 'option']),
  month,
  optionType: oneOf(['call', 'put']).optional(),
  strike: num('positive').optional(),
  price: num('nonNegative').optional(),
  contractValueFactor: num('positive'),
  riskArray: list(num(), 16).max(16, { error: 'must have 16 scenario values' }).optional(),
  compositeDelta: num().optional(),
  underlyingPrice: num('positive').optional(),
  priceScanRange: num('positive').optional(),
  volScanRange: num('nonNegative').optional(),
  volatility: num('positive').optional(),
  timeYears: num('positive').optional(),
  rate: num().optional(),
  extremeMultiplier: num('positive').optional(),
  coverFraction: num('nonNegative').optional(),
  lookaheadYears: num('nonNegative').optional(),
});

const legSide = oneOf(['A', 'B']);
const ccSchema = record({
  code: text('a combined commodity code'),
  currency: text('a currency code'),
  tiers: list(record({ tier: num('nonNegative'), startMonth: month, endMonth: month })).optional(),
  intraSpreads: list(record({ priority: num('nonNegative'), rate: num('nonNegative'), legs: list(record({ tier: num('nonNegative'), ratio: num('positive'), side: legSide }), 2) })).optional(),
  spotCharges: list(record({ month, ratePerDeltaSpread: num('nonNegative'), ratePerDeltaOutright: num('nonNegative') })).optional(),
  somRate: num('nonNegative').optional(),
  somMethod: oneOf(['gross', 'max-calls-puts']).optional(),
  initialRatios: record({ member: ratio, hedger: ratio, speculator: ratio }).optional(),
  priceScanRange: num('positive').optional(),
  wfprMethod: oneOf(['normal', 'scan-range', 'scan-range-cap']).optional(),
  limitOptionValue: z.boolean({ error: 'must be true or false' }).optional(),
  contracts: list(contractSchema, 1),
});

export const spanParamsJsonSchema = record({
  exchangeComplex: text('an exchange complex name'),
  businessDate: text('a date CCYYMMDD'),
  combinedCommodities: list(ccSchema, 1),
  interSpreads: list(
    record({
      priority: num('nonNegative'),
      method: oneOf(['delta', 'scanning']),
      creditRate: num('nonNegative'),
      legs: list(record({ cc: text('a combined commodity code'), ratio: num('positive'), side: legSide }), 2),
      targetCc: text('a combined commodity code').optional(),
    }),
  ).optional(),
});

const ratioText = (value: bigint | undefined): string => {
  if (value === undefined) return '1';
  const whole = value / 10n ** 18n;
  const fraction = (value % 10n ** 18n).toString().padStart(18, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
};

/** SPAN parameters from decoded JSON; arrays computed where a contract gives instrument parameters. */
export function parseSpanParamsJson(input: unknown): Parsed<SpanParams> {
  const { value, warnings } = parseWithSchema(spanParamsJsonSchema, input);
  const contracts: SpanContract[] = [];
  const ccs = value.combinedCommodities.map((cc, c) => {
    cc.contracts.forEach((k, i) => {
      const path = ['combinedCommodities', c, 'contracts', i];
      if (k.kind === 'option' && (k.optionType === undefined || k.strike === undefined)) throw new InputError([...path, k.optionType === undefined ? 'optionType' : 'strike'], 'is required for an option');
      let riskArray: number[];
      let compositeDelta: number;
      let price = k.price;
      if (k.riskArray !== undefined) {
        riskArray = k.riskArray;
        compositeDelta = k.compositeDelta ?? (k.kind === 'future' ? 1 : 0);
      } else {
        if (k.underlyingPrice === undefined) throw new InputError([...path, 'underlyingPrice'], 'is required when no riskArray is given');
        if (k.priceScanRange === undefined) throw new InputError([...path, 'priceScanRange'], 'is required when no riskArray is given');
        const computed = computeRiskArray({
          kind: k.kind,
          optionType: k.optionType,
          underlyingPrice: k.underlyingPrice,
          strike: k.strike,
          timeYears: k.timeYears,
          volatility: k.volatility,
          rate: k.rate,
          contractValueFactor: k.contractValueFactor,
          priceScanRange: k.priceScanRange,
          volScanRange: k.volScanRange ?? 0,
          extremeMultiplier: k.extremeMultiplier ?? 3,
          coverFraction: k.coverFraction ?? 0.33,
          lookaheadYears: k.lookaheadYears,
        });
        riskArray = [...computed.losses];
        compositeDelta = k.compositeDelta ?? computed.compositeDelta;
        price ??= k.kind === 'option' ? computed.value / k.contractValueFactor : k.underlyingPrice;
      }
      contracts.push({
        id: spanContractId(k.product, k.month, k.kind === 'option' ? (k.optionType ?? null) : null, k.kind === 'option' ? (k.strike ?? null) : null),
        cc: cc.code,
        kind: k.kind,
        optionType: k.kind === 'option' ? (k.optionType ?? null) : null,
        month: k.month,
        strike: k.kind === 'option' ? (k.strike ?? null) : null,
        price: price ?? 0,
        contractValueFactor: k.contractValueFactor,
        riskArray,
        compositeDelta,
      });
    });
    return {
      code: cc.code,
      currency: cc.currency,
      tiers: cc.tiers ?? [],
      intraSpreads: cc.intraSpreads ?? [],
      spotCharges: cc.spotCharges ?? [],
      somRate: cc.somRate ?? 0,
      somMethod: cc.somMethod ?? 'gross',
      initialRatios: { member: ratioText(cc.initialRatios?.member), hedger: ratioText(cc.initialRatios?.hedger), speculator: ratioText(cc.initialRatios?.speculator) },
      priceScanRange: cc.priceScanRange ?? null,
      wfprMethod: cc.wfprMethod ?? 'normal',
      limitOptionValue: cc.limitOptionValue === true,
    };
  });
  const interSpreads = (value.interSpreads ?? []).map((s) => ({ priority: s.priority, method: s.method, creditRate: s.creditRate, legs: s.legs, targetCc: s.targetCc ?? (s.method === 'scanning' ? (s.legs[0]?.cc ?? null) : null) }));
  return { value: { exchangeComplex: value.exchangeComplex, businessDate: value.businessDate, ccs, contracts, interSpreads }, warnings };
}
