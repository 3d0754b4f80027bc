/**
 * Parser of PA2 positional SPAN risk parameter files (layout: pa2-layout.ts). Each record is one
 * line; unknown record types are skipped (CME's rule). A malformed record is refused with its line
 * and field (`line 7.scenario3: columns 67-72 must be 5 digits and a sign, got "12a45 "`), and the
 * file is only returned once every record has been read and cross-checked: nothing half-loaded.
 */
import { InputError } from '../../errors.js';
import { formatUnits } from '../../num/decimal.js';
import {
  PA2_ARRAY1,
  PA2_ARRAY2,
  PA2_ARRAY_KEY,
  PA2_CC1,
  PA2_CC1_PRODUCTS,
  PA2_CC2,
  PA2_CC2_TIERS,
  PA2_CC3,
  PA2_CC3_SPOT,
  PA2_HEADER,
  PA2_INTER,
  PA2_INTER_LEGS,
  PA2_INTRA,
  PA2_INTRA_LEGS,
  PA2_PRICE,
  PA2_SCENARIO_WIDTH,
  PA2_TIERS,
  type Pa2Field,
} from './pa2-layout.js';
import type { CombinedCommodity, InterSpread, IntraSpread, SpanContract, SpanParams, SpanTier, SpotMonthCharge, WfprMethod } from './params.js';
import { spanContractId } from './contract-id.js';

class Line {
  constructor(
    readonly number: number,
    readonly text: string,
  ) {}

  fail(field: string, rule: string): never {
    throw new InputError([`line ${this.number}`, field], rule);
  }

  raw(start: number, end: number): string {
    return this.text.slice(start - 1, end);
  }

  text_(field: Pa2Field): string {
    const value = this.raw(field.start, field.end).trim();
    if (value === '' && field.optional !== true) this.fail(field.name, `columns ${field.start}-${field.end} must not be blank`);
    return value;
  }

  /** A numeric field; `decimals` overrides the layout's (for fields scaled by another record). */
  number_(field: Pa2Field, decimals?: number): number {
    const raw = this.raw(field.start, field.end);
    const isSigned = field.type === 'signed';
    const body = isSigned ? raw.slice(0, -1) : raw;
    if (field.optional === true && raw.trim() === '') return 0;
    if (!/^[0-9]+$/.test(body) || body.length !== field.end - field.start + (isSigned ? 0 : 1)) {
      this.fail(field.name, `columns ${field.start}-${field.end} must be ${field.end - field.start + (isSigned ? 0 : 1)} digits${isSigned ? ' and a sign' : ''}, got "${raw}"`);
    }
    let sign = 1;
    if (isSigned) {
      const mark = raw.slice(-1);
      if (mark === '-') sign = -1;
      else if (mark !== '+' && mark !== ' ') this.fail(field.name, `column ${field.end} must be the sign ('+', ' ' or '-'), got "${mark}"`);
    }
    const scale = decimals ?? field.decimals ?? 0;
    return (sign * Number(body)) / 10 ** scale;
  }
}

interface ProductInfo {
  readonly priceDecimals: number;
  readonly strikeDecimals: number;
  readonly contractValueFactor: number;
  readonly line: number;
}

interface PendingArray {
  readonly line: Line;
  readonly key: string;
  readonly product: string;
  readonly kind: 'future' | 'option';
  readonly optionType: 'call' | 'put' | null;
  readonly month: string;
  readonly strikeRaw: string;
  readonly first: number[];
  readonly settlementRaw: string;
}

interface CcDraft {
  code: string;
  currency: string;
  riskExponent: number;
  limitOptionValue: boolean;
  tiers: SpanTier[];
  intraSpreads: IntraSpread[];
  spotCharges: SpotMonthCharge[];
  somRate: number;
  somMethod: 'gross' | 'max-calls-puts';
  ratios: { member: string; hedger: string; speculator: string } | null;
  wfprMethod: WfprMethod;
  readonly line: number;
}

const OPTION_TYPES = new Set(['OOF', 'OOP', 'OOC']);
const FUTURE_TYPES = new Set(['FUT', 'PHY']);

/** A ratio field's exact decimal text (4 digits, 3 implied decimals: "1100" -> "1.1"). */
function ratioText(line: Line, field: Pa2Field): string {
  return formatUnits(BigInt(line.raw(field.start, field.end)), field.decimals ?? 0);
}

function ccOf(drafts: Map<string, CcDraft>, line: Line, code: string): CcDraft {
  const cc = drafts.get(code);
  if (cc === undefined) line.fail('cc', `combined commodity "${code}" has no type 2 record before this line`);
  return cc;
}

/** Parses a PA2 file's text into SPAN parameters, or throws on the first malformed record. */
export function parsePa2(text: string): SpanParams {
  const lines = text.split(/\r\n|\n|\r/);
  let exchangeComplex = '';
  let businessDate = '';
  const drafts = new Map<string, CcDraft>();
  const productCc = new Map<string, string>();
  const products = new Map<string, ProductInfo>();
  const interSpreads: InterSpread[] = [];
  const pending = new Map<string, PendingArray>();
  const arrays: Array<{ first: PendingArray; second: number[]; delta: number }> = [];
  let sawHeader = false;
  lines.forEach((content, index) => {
    if (content.trim() === '') return;
    const line = new Line(index + 1, content.padEnd(132));
    const id = content.slice(0, 2);
    switch (id) {
      case '0 ': {
        const [complex, date, format] = PA2_HEADER;
        if (complex === undefined || date === undefined || format === undefined) return;
        exchangeComplex = line.text_(complex);
        businessDate = String(line.number_(date));
        const code = line.text_(format);
        if (code !== 'U2') line.fail('fileFormat', `columns 36-37 must be "U2" (expanded unpacked), got "${code}"`);
        sawHeader = true;
        return;
      }
      case '2 ': {
        const [, ccField, exponent, currency, , limit] = PA2_CC1;
        if (ccField === undefined || exponent === undefined || currency === undefined || limit === undefined) return;
        const code = line.text_(ccField);
        const limitFlag = line.text_(limit);
        if (limitFlag !== 'Y' && limitFlag !== 'N') line.fail('limitOptionValue', `column 19 must be Y or N, got "${limitFlag}"`);
        drafts.set(code, {
          code,
          currency: line.text_(currency),
          riskExponent: line.number_(exponent),
          limitOptionValue: limitFlag === 'Y',
          tiers: [],
          intraSpreads: [],
          spotCharges: [],
          somRate: 0,
          somMethod: 'gross',
          ratios: null,
          wfprMethod: 'normal',
          line: line.number,
        });
        for (let i = 0; i < PA2_CC1_PRODUCTS.count; i++) {
          const start = PA2_CC1_PRODUCTS.start + i * PA2_CC1_PRODUCTS.width;
          const product = line.raw(start, start + 9).trim();
          if (product !== '') productCc.set(product, code);
        }
        return;
      }
      case 'S ': {
        const [ccField, , , wfpr] = PA2_TIERS;
        if (ccField === undefined || wfpr === undefined) return;
        const cc = ccOf(drafts, line, line.text_(ccField));
        const method = line.number_(wfpr);
        if (method === 0 || method === 1) cc.wfprMethod = 'normal';
        else if (method === 2) cc.wfprMethod = 'scan-range';
        else if (method === 3) cc.wfprMethod = 'scan-range-cap';
        else line.fail('wfprMethod', `column 83 must be 1, 2 or 3, got "${method}"`);
        return;
      }
      case '3 ': {
        const [ccField, , member, hedger, speculator] = PA2_CC2;
        if (ccField === undefined || member === undefined || hedger === undefined || speculator === undefined) return;
        const cc = ccOf(drafts, line, line.text_(ccField));
        for (let i = 0; i < PA2_CC2_TIERS.count; i++) {
          const start = PA2_CC2_TIERS.start + i * PA2_CC2_TIERS.width;
          if (line.raw(start, start + 13).trim() === '') continue;
          const tier = line.number_({ name: `tier${i + 1}`, start, end: start + 1, type: 'digits' });
          const startMonth = String(line.number_({ name: `tier${i + 1}StartMonth`, start: start + 2, end: start + 7, type: 'digits' }));
          const endMonth = String(line.number_({ name: `tier${i + 1}EndMonth`, start: start + 8, end: start + 13, type: 'digits' }));
          if (endMonth < startMonth) line.fail(`tier${i + 1}EndMonth`, `must not be before the start month ${startMonth}, got ${endMonth}`);
          cc.tiers.push({ tier, startMonth, endMonth });
        }
        const ratios = [member, hedger, speculator].map((field) => {
          const value = line.number_(field);
          if (value < 1) line.fail(field.name, `an initial / maintenance ratio must be at least 1, got ${value}`);
          return ratioText(line, field);
        });
        cc.ratios = { member: ratios[0] ?? '1', hedger: ratios[1] ?? '1', speculator: ratios[2] ?? '1' };
        return;
      }
      case 'C ': {
        const [ccField, priority, legCount, rate] = PA2_INTRA;
        if (ccField === undefined || priority === undefined || legCount === undefined || rate === undefined) return;
        const cc = ccOf(drafts, line, line.text_(ccField));
        const count = line.number_(legCount);
        if (count < 2 || count > PA2_INTRA_LEGS.count) line.fail('legCount', `columns 13-14 must be 2 to ${PA2_INTRA_LEGS.count}, got ${count}`);
        const legs = Array.from({ length: count }, (_, i) => {
          const start = PA2_INTRA_LEGS.start + i * PA2_INTRA_LEGS.width;
          const tier = line.number_({ name: `leg${i + 1}Tier`, start, end: start + 1, type: 'digits' });
          const ratio = line.number_({ name: `leg${i + 1}Ratio`, start: start + 2, end: start + 5, type: 'digits', decimals: 3 });
          if (ratio <= 0) line.fail(`leg${i + 1}Ratio`, 'a delta per spread ratio must be greater than 0');
          const side = line.raw(start + 6, start + 6);
          if (side !== 'A' && side !== 'B') line.fail(`leg${i + 1}Side`, `column ${start + 6} must be A or B, got "${side}"`);
          return { tier, ratio, side: side as 'A' | 'B' };
        });
        cc.intraSpreads.push({ priority: line.number_(priority), rate: line.number_(rate), legs });
        return;
      }
      case '4 ': {
        const [ccField, , monthCount, somRate, somMethod] = PA2_CC3;
        if (ccField === undefined || monthCount === undefined || somRate === undefined || somMethod === undefined) return;
        const cc = ccOf(drafts, line, line.text_(ccField));
        const count = line.number_(monthCount);
        if (count > PA2_CC3_SPOT.count) line.fail('spotMonthCount', `columns 11-12 must be at most ${PA2_CC3_SPOT.count}, got ${count}`);
        for (let i = 0; i < count; i++) {
          const start = PA2_CC3_SPOT.start + i * PA2_CC3_SPOT.width;
          cc.spotCharges.push({
            month: String(line.number_({ name: `spot${i + 1}Month`, start: start + 2, end: start + 7, type: 'digits' })),
            ratePerDeltaSpread: line.number_({ name: `spot${i + 1}RateSpread`, start: start + 8, end: start + 14, type: 'digits', decimals: 2 }),
            ratePerDeltaOutright: line.number_({ name: `spot${i + 1}RateOutright`, start: start + 15, end: start + 21, type: 'digits', decimals: 2 }),
          });
        }
        cc.somRate = line.number_(somRate);
        const method = line.text_(somMethod);
        if (method === '' || method === 'G') cc.somMethod = 'gross';
        else if (method === 'M') cc.somMethod = 'max-calls-puts';
        else line.fail('somMethod', `column 79 must be G (gross shorts) or M (max of short calls, short puts), got "${method}"`);
        return;
      }
      case 'P ': {
        const [, product, , priceDecimals, strikeDecimals, cvf] = PA2_PRICE;
        if (product === undefined || priceDecimals === undefined || strikeDecimals === undefined || cvf === undefined) return;
        const value = line.number_(cvf);
        if (value <= 0) line.fail('contractValueFactor', 'must be greater than 0');
        products.set(line.text_(product), {
          priceDecimals: line.number_(priceDecimals),
          strikeDecimals: line.number_(strikeDecimals),
          contractValueFactor: value,
          line: line.number,
        });
        return;
      }
      case '6 ': {
        const [priority, rate, method, target] = PA2_INTER;
        if (priority === undefined || rate === undefined || method === undefined || target === undefined) return;
        const creditPercent = line.number_(rate);
        if (creditPercent > 100) line.fail('creditRate', `columns 7-13 must be a percentage of at most 100, got ${creditPercent}`);
        const code = line.number_(method);
        const legs = [];
        for (let i = 0; i < PA2_INTER_LEGS.count; i++) {
          const start = PA2_INTER_LEGS.start + i * PA2_INTER_LEGS.width;
          if (line.raw(start, start + 17).trim() === '') continue;
          const cc = line.raw(start + 4, start + 9).trim();
          if (cc === '') line.fail(`leg${i + 1}Cc`, `columns ${start + 4}-${start + 9} must name a combined commodity`);
          const ratio = line.number_({ name: `leg${i + 1}Ratio`, start: start + 10, end: start + 16, type: 'digits', decimals: 4 });
          if (ratio <= 0) line.fail(`leg${i + 1}Ratio`, 'a delta per spread ratio must be greater than 0');
          const side = line.raw(start + 17, start + 17);
          if (side !== 'A' && side !== 'B') line.fail(`leg${i + 1}Side`, `column ${start + 17} must be A or B, got "${side}"`);
          legs.push({ cc, ratio, side: side as 'A' | 'B' });
        }
        if (legs.length < 2) line.fail('legs', 'an inter-commodity spread needs at least 2 legs');
        const targetLeg = line.number_(target);
        const scanning = code === 4;
        if (scanning && (targetLeg < 1 || targetLeg > legs.length)) line.fail('targetLeg', `column 16 must name a leg (1-${legs.length}) of a scanning-based (method 04) spread, got ${targetLeg}`);
        interSpreads.push({
          priority: line.number_(priority),
          method: scanning ? 'scanning' : 'delta',
          creditRate: creditPercent / 100,
          legs,
          targetCc: scanning ? (legs[targetLeg - 1]?.cc ?? null) : null,
        });
        return;
      }
      case '81': {
        const key = readArrayKey(line);
        const first = readScenarios(line, PA2_ARRAY1.scenarioStart, PA2_ARRAY1.scenarioCount, 0, null);
        if (pending.has(key.key)) line.fail('product', `a second type 81 record for ${key.key} before its type 82`);
        pending.set(key.key, { ...key, line, first, settlementRaw: line.raw(PA2_ARRAY1.price.start, PA2_ARRAY1.price.end) });
        return;
      }
      case '82': {
        const key = readArrayKey(line);
        const first = pending.get(key.key);
        if (first === undefined) return line.fail('product', `type 82 record for ${key.key} without its type 81 record`);
        pending.delete(key.key);
        const second = readScenarios(line, PA2_ARRAY2.scenarioStart, PA2_ARRAY2.scenarioCount, PA2_ARRAY1.scenarioCount, null);
        arrays.push({ first, second, delta: line.number_(PA2_ARRAY2.compositeDelta) });
        return;
      }
      default:
        return; // unknown record types are skipped (CME's rule)
    }
  });
  if (!sawHeader) throw new InputError(['line 1'], 'a PA2 file starts with a type 0 (exchange complex header) record');
  for (const open of pending.values()) open.line.fail('product', `type 81 record for ${open.key} has no type 82 record`);
  const contracts: SpanContract[] = arrays.map(({ first, second, delta }) => {
    const cc = productCc.get(first.product);
    if (cc === undefined) return first.line.fail('product', `product "${first.product}" is in no combined commodity (type 2 record)`);
    const info = products.get(first.product);
    if (info === undefined) return first.line.fail('product', `product "${first.product}" has no type P (price conversion) record`);
    const draft = drafts.get(cc);
    const exponent = draft?.riskExponent ?? 0;
    const riskArray = [...first.first, ...second].map((units) => units / 10 ** exponent);
    const price = first.line.number_(PA2_ARRAY1.price, info.priceDecimals);
    const strike = first.kind === 'option' ? first.line.number_({ name: 'strike', start: 48, end: 54, type: 'digits' }, info.strikeDecimals) : null;
    if (first.kind === 'option' && (strike === null || strike <= 0)) first.line.fail('strike', 'an option needs a strike greater than 0');
    return {
      id: spanContractId(first.product, first.month, first.optionType, strike),
      cc,
      kind: first.kind,
      optionType: first.optionType,
      month: first.month,
      strike,
      price,
      contractValueFactor: info.contractValueFactor,
      riskArray,
      compositeDelta: delta,
    };
  });
  const ccs: CombinedCommodity[] = [...drafts.values()].map((d) => ({
    code: d.code,
    currency: d.currency,
    tiers: d.tiers,
    intraSpreads: d.intraSpreads,
    spotCharges: d.spotCharges,
    somRate: d.somRate,
    somMethod: d.somMethod,
    initialRatios: d.ratios ?? { member: '1', hedger: '1', speculator: '1' },
    priceScanRange: null,
    wfprMethod: d.wfprMethod,
    limitOptionValue: d.limitOptionValue,
  }));
  return { exchangeComplex, businessDate, ccs, contracts, interSpreads };
}

function readArrayKey(line: Line): Omit<PendingArray, 'line' | 'first' | 'settlementRaw'> {
  const [, product, , type, putCall, futureMonth, optionMonth, strike] = PA2_ARRAY_KEY;
  if (product === undefined || type === undefined || putCall === undefined || futureMonth === undefined || optionMonth === undefined || strike === undefined) {
    return line.fail('product', 'layout');
  }
  const productCode = line.text_(product);
  const productType = line.text_(type);
  if (!FUTURE_TYPES.has(productType) && !OPTION_TYPES.has(productType)) {
    line.fail('productType', `columns 26-28 must be FUT, PHY, OOF, OOP or OOC, got "${productType}"`);
  }
  const kind = OPTION_TYPES.has(productType) ? 'option' : 'future';
  let optionType: 'call' | 'put' | null = null;
  let month: string;
  if (kind === 'option') {
    const pc = line.text_({ ...putCall, optional: false });
    if (pc !== 'C' && pc !== 'P') line.fail('putCall', `column 29 must be C or P for an option, got "${pc}"`);
    optionType = pc === 'C' ? 'call' : 'put';
    month = String(line.number_({ ...optionMonth, optional: false }));
  } else month = String(line.number_({ ...futureMonth, optional: false }));
  if (!/^[0-9]{4}(0[1-9]|1[0-2])$/.test(month)) line.fail(kind === 'option' ? 'optionMonth' : 'futureMonth', `must be a month CCYYMM, got "${month}"`);
  const strikeRaw = line.raw(strike.start, strike.end);
  return { key: `${productCode} ${productType} ${optionType ?? ''} ${month} ${strikeRaw}`, product: productCode, kind, optionType, month, strikeRaw };
}

function readScenarios(line: Line, start: number, count: number, offset: number, decimals: number | null): number[] {
  return Array.from({ length: count }, (_, i) => {
    const from = start + i * PA2_SCENARIO_WIDTH;
    return line.number_({ name: `scenario${offset + i + 1}`, start: from, end: from + PA2_SCENARIO_WIDTH - 1, type: 'signed', decimals: decimals ?? 0 });
  });
}

