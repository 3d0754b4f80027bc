/**
 * Parser of XML SPAN risk parameter files (PC-SPAN `.spn`, fileFormat 4.00; element names from
 * CME's spanrisk XSD as kept in marketcalls/marginism `spanrisk.xml`), for the elements the
 * calculator uses: futPf/fut and oofPf|oopPf/series/opt with their `ra` risk arrays (16 `a`, `d`
 * composite delta), ccDef (pfLink, intraTiers, dSpread with tLeg legs, spotRate, somTiers,
 * adjRate, wfprMeth, somMeth, capAnov) and interSpreads (dSpread delta-based, sSpread scanning).
 * XML syntax comes from fast-xml-parser (validated first, with its line); every field the
 * calculator reads is checked here and refused with its line and element path. Nothing is returned
 * until the whole file is read: nothing half-loaded.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../../errors.js';
import { spanContractId } from './contract-id.js';
import { ACCOUNT_CLASSES, type AccountClass, type CombinedCommodity, type InterSpread, type SpanContract, type SpanParams, type WfprMethod } from './params.js';
import { SPAN_SCENARIO_COUNT } from './scenarios.js';

type XmlNode = { readonly [key: string]: unknown };

const REPEATED = new Set([
  'pointInTime', 'clearingOrg', 'exchange', 'futPf', 'oofPf', 'oopPf', 'fut', 'series', 'opt', 'ra', 'a', 'ccDef', 'pfLink', 'tier',
  'dSpread', 'sSpread', 'tLeg', 'rate', 'spotRate', 'adjRate',
]);

class Reader {
  private readonly lineStarts: number[] = [0];
  private readonly meta: symbol;

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    this.meta = XMLParser.getMetaDataSymbol() as symbol;
  }

  line(node: XmlNode): number {
    const index = (node as Record<symbol, { startIndex?: number } | undefined>)[this.meta]?.startIndex ?? 0;
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  fail(node: XmlNode, path: string, rule: string): never {
    throw new InputError([`line ${this.line(node)}`, path], rule);
  }

  nodes(node: XmlNode, name: string): XmlNode[] {
    const value = node[name];
    if (value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.filter((item): item is XmlNode => typeof item === 'object' && item !== null);
  }

  one(node: XmlNode, name: string, path: string): XmlNode {
    const found = this.nodes(node, name)[0];
    if (found === undefined) return this.fail(node, `${path}.${name}`, 'is required');
    return found;
  }

  text(node: XmlNode, name: string, path: string, optional = false): string {
    const value = node[name];
    const raw = Array.isArray(value) ? value[0] : value;
    if (raw === undefined || raw === '') {
      if (optional) return '';
      return this.fail(node, `${path}.${name}`, 'is required');
    }
    if (typeof raw !== 'string' && typeof raw !== 'number') return this.fail(node, `${path}.${name}`, 'must be a text value');
    return String(raw).trim();
  }

  number(node: XmlNode, name: string, path: string, rule: 'any' | 'positive' | 'non-negative' = 'any', optional = false): number {
    const raw = this.text(node, name, path, optional);
    if (raw === '' && optional) return 0;
    if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(raw)) this.fail(node, `${path}.${name}`, `must be a decimal number, got "${raw}"`);
    const value = Number(raw);
    if (rule === 'positive' && !(value > 0)) this.fail(node, `${path}.${name}`, `must be greater than 0, got ${raw}`);
    if (rule === 'non-negative' && value < 0) this.fail(node, `${path}.${name}`, `must not be negative, got ${raw}`);
    return value;
  }

  month(node: XmlNode, name: string, path: string): string {
    const raw = this.text(node, name, path);
    if (!/^[0-9]{4}(0[1-9]|1[0-2])$/.test(raw)) this.fail(node, `${path}.${name}`, `must be a month CCYYMM, got "${raw}"`);
    return raw;
  }
}

function side(reader: Reader, node: XmlNode, path: string): 'A' | 'B' {
  const rs = reader.text(node, 'rs', path);
  if (rs !== 'A' && rs !== 'B') reader.fail(node, `${path}.rs`, `must be A or B, got "${rs}"`);
  return rs;
}

function firstRate(reader: Reader, node: XmlNode, path: string): number {
  const rate = reader.nodes(node, 'rate')[0];
  if (rate === undefined) return reader.fail(node, `${path}.rate`, 'is required');
  return reader.number(rate, 'val', `${path}.rate`, 'non-negative');
}

function riskArray(reader: Reader, node: XmlNode, path: string): { array: number[]; delta: number } {
  const ra = reader.one(node, 'ra', path);
  const values = ra['a'];
  const list = Array.isArray(values) ? values : [];
  if (list.length !== SPAN_SCENARIO_COUNT) reader.fail(ra, `${path}.ra.a`, `must hold ${SPAN_SCENARIO_COUNT} scenario values, got ${list.length}`);
  const array = list.map((value, i) => {
    const raw = String(value).trim();
    if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(raw)) return reader.fail(ra, `${path}.ra.a[${i}]`, `must be a decimal number, got "${raw}"`);
    return Number(raw);
  });
  return { array, delta: reader.number(ra, 'd', `${path}.ra`) };
}

const WFPR: Readonly<Record<string, WfprMethod>> = { '1': 'normal', '2': 'scan-range', '3': 'scan-range-cap' };

/** Parses an XML SPAN file's text into SPAN parameters, or throws naming the line and element. */
export function parseSpanXml(text: string): SpanParams {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new InputError([`line ${valid.err.line}`, 'xml'], `${valid.err.msg} (column ${valid.err.col})`);
  const parser = new XMLParser({ captureMetaData: true, parseTagValue: false, ignoreAttributes: true, isArray: (name) => REPEATED.has(name) });
  const reader = new Reader(text);
  const root = parser.parse(text) as XmlNode;
  const file = reader.one(root, 'spanFile', 'spanFile');
  const point = reader.nodes(file, 'pointInTime')[0];
  if (point === undefined) return reader.fail(file, 'spanFile.pointInTime', 'is required');
  const businessDate = reader.text(point, 'date', 'pointInTime');
  const org = reader.nodes(point, 'clearingOrg')[0];
  if (org === undefined) return reader.fail(point, 'pointInTime.clearingOrg', 'is required');
  const exchangeComplex = reader.text(org, 'ec', 'clearingOrg');
  // portfolio (product family) key -> its contracts, before the ccDefs link them to a CC
  const byPf = new Map<string, Array<Omit<SpanContract, 'cc'>>>();
  for (const exchange of reader.nodes(org, 'exchange')) {
    const exch = reader.text(exchange, 'exch', 'exchange');
    for (const pf of reader.nodes(exchange, 'futPf')) {
      const path = `exchange.futPf`;
      const code = reader.text(pf, 'pfCode', path);
      const key = `${exch}/${reader.text(pf, 'pfId', path)}`;
      const cvf = reader.number(pf, 'cvf', path, 'positive');
      const list = byPf.get(key) ?? [];
      for (const fut of reader.nodes(pf, 'fut')) {
        const month = reader.month(fut, 'pe', `${path}.fut`);
        const { array, delta } = riskArray(reader, fut, `${path}.fut`);
        list.push({ id: spanContractId(code, month, null, null), kind: 'future', optionType: null, month, strike: null, price: reader.number(fut, 'p', `${path}.fut`), contractValueFactor: cvf, riskArray: array, compositeDelta: delta });
      }
      byPf.set(key, list);
    }
    for (const pfName of ['oofPf', 'oopPf']) {
      for (const pf of reader.nodes(exchange, pfName)) {
        const path = `exchange.${pfName}`;
        const code = reader.text(pf, 'pfCode', path);
        const key = `${exch}/${reader.text(pf, 'pfId', path)}`;
        const cvf = reader.number(pf, 'cvf', path, 'positive');
        const list = byPf.get(key) ?? [];
        for (const series of reader.nodes(pf, 'series')) {
          const month = reader.month(series, 'pe', `${path}.series`);
          for (const opt of reader.nodes(series, 'opt')) {
            const optPath = `${path}.series.opt`;
            const o = reader.text(opt, 'o', optPath);
            if (o !== 'C' && o !== 'P') reader.fail(opt, `${optPath}.o`, `must be C or P, got "${o}"`);
            const optionType = o === 'C' ? 'call' : 'put';
            const strike = reader.number(opt, 'k', optPath, 'positive');
            const { array, delta } = riskArray(reader, opt, optPath);
            list.push({ id: spanContractId(code, month, optionType, strike), kind: 'option', optionType, month, strike, price: reader.number(opt, 'p', optPath, 'non-negative'), contractValueFactor: cvf, riskArray: array, compositeDelta: delta });
          }
        }
        byPf.set(key, list);
      }
    }
  }
  const contracts: SpanContract[] = [];
  const ccs: CombinedCommodity[] = [];
  for (const def of reader.nodes(org, 'ccDef')) {
    const code = reader.text(def, 'cc', 'ccDef');
    const path = `ccDef[${code}]`;
    for (const link of reader.nodes(def, 'pfLink')) {
      const key = `${reader.text(link, 'exch', `${path}.pfLink`)}/${reader.text(link, 'pfId', `${path}.pfLink`)}`;
      const found = byPf.get(key);
      if (found === undefined) return reader.fail(link, `${path}.pfLink`, `links portfolio ${key}, which no exchange defines`);
      for (const contract of found) contracts.push({ ...contract, cc: code });
      byPf.delete(key);
    }
    const tiersNode = reader.nodes(def, 'intraTiers')[0];
    const tiers = tiersNode === undefined ? [] : reader.nodes(tiersNode, 'tier').map((tier) => ({
      tier: reader.number(tier, 'tn', `${path}.intraTiers.tier`, 'non-negative'),
      startMonth: reader.month(tier, 'sPe', `${path}.intraTiers.tier`),
      endMonth: reader.month(tier, 'ePe', `${path}.intraTiers.tier`),
    }));
    const intraSpreads = reader.nodes(def, 'dSpread').map((spread) => {
      const spreadPath = `${path}.dSpread`;
      const legs = reader.nodes(spread, 'tLeg').map((leg) => ({
        tier: reader.number(leg, 'tn', `${spreadPath}.tLeg`, 'non-negative'),
        ratio: reader.number(leg, 'i', `${spreadPath}.tLeg`, 'positive'),
        side: side(reader, leg, `${spreadPath}.tLeg`),
      }));
      if (legs.length < 2) reader.fail(spread, `${spreadPath}.tLeg`, `an intra spread needs at least 2 legs, got ${legs.length}`);
      return { priority: reader.number(spread, 'spread', spreadPath, 'non-negative'), rate: firstRate(reader, spread, spreadPath), legs };
    });
    const spotCharges = reader.nodes(def, 'spotRate').map((spot) => ({
      month: reader.month(spot, 'pe', `${path}.spotRate`),
      ratePerDeltaSpread: reader.number(spot, 'sprd', `${path}.spotRate`, 'non-negative'),
      ratePerDeltaOutright: reader.number(spot, 'outr', `${path}.spotRate`, 'non-negative'),
    }));
    const somNode = reader.nodes(def, 'somTiers')[0];
    const somTier = somNode === undefined ? undefined : reader.nodes(somNode, 'tier')[0];
    const somRate = somTier === undefined ? 0 : firstRate(reader, somTier, `${path}.somTiers.tier`);
    const somMeth = reader.text(def, 'somMeth', path, true);
    if (somMeth !== '' && somMeth !== 'GROSS' && somMeth !== 'MAX') reader.fail(def, `${path}.somMeth`, `must be GROSS or MAX, got "${somMeth}"`);
    const wfpr = reader.text(def, 'wfprMeth', path, true);
    const wfprMethod = wfpr === '' ? 'normal' : WFPR[wfpr];
    if (wfprMethod === undefined) return reader.fail(def, `${path}.wfprMeth`, `must be 1, 2 or 3, got "${wfpr}"`);
    const ratios: Record<AccountClass, string> = { member: '1', hedger: '1', speculator: '1' };
    for (const adj of reader.nodes(def, 'adjRate')) {
      const r = reader.text(adj, 'r', `${path}.adjRate`) as AccountClass;
      if (!ACCOUNT_CLASSES.includes(r)) reader.fail(adj, `${path}.adjRate.r`, `must be ${ACCOUNT_CLASSES.join(', ')}, got "${r}"`);
      const value = reader.number(adj, 'val', `${path}.adjRate`, 'positive');
      if (value < 1) reader.fail(adj, `${path}.adjRate.val`, `an initial / maintenance ratio must be at least 1, got ${value}`);
      ratios[r] = reader.text(adj, 'val', `${path}.adjRate`);
    }
    const psr = reader.text(def, 'priceScan', path, true);
    ccs.push({
      code,
      currency: reader.text(def, 'currency', path),
      tiers,
      intraSpreads,
      spotCharges,
      somRate,
      somMethod: somMeth === 'MAX' ? 'max-calls-puts' : 'gross',
      initialRatios: ratios,
      priceScanRange: psr === '' ? null : reader.number(def, 'priceScan', path, 'positive'),
      wfprMethod,
      limitOptionValue: reader.text(def, 'capAnov', path, true) === '1',
    });
  }
  const interSpreads: InterSpread[] = [];
  const inter = reader.nodes(org, 'interSpreads')[0];
  if (inter !== undefined) {
    for (const [name, method] of [['dSpread', 'delta'], ['sSpread', 'scanning']] as const) {
      for (const spread of reader.nodes(inter, name)) {
        const spreadPath = `interSpreads.${name}`;
        const legs = reader.nodes(spread, 'tLeg').map((leg) => ({
          cc: reader.text(leg, 'cc', `${spreadPath}.tLeg`),
          ratio: reader.number(leg, 'i', `${spreadPath}.tLeg`, 'positive'),
          side: side(reader, leg, `${spreadPath}.tLeg`),
        }));
        if (legs.length < 2) reader.fail(spread, `${spreadPath}.tLeg`, `an inter spread needs at least 2 legs, got ${legs.length}`);
        const creditRate = firstRate(reader, spread, spreadPath);
        if (creditRate > 1) reader.fail(spread, `${spreadPath}.rate.val`, `a credit rate is a fraction of at most 1, got ${creditRate}`);
        interSpreads.push({ priority: reader.number(spread, 'spread', spreadPath, 'non-negative'), method, creditRate, legs, targetCc: method === 'scanning' ? (legs[0]?.cc ?? null) : null });
      }
    }
  }
  return { exchangeComplex, businessDate, ccs, contracts, interSpreads };
}
