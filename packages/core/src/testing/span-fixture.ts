/**
 * The SPAN test parameter file, built from the documented layouts (pa2-layout.ts for PA2; the
 * spanrisk XSD element names for XML) so that both formats carry the same parameters:
 * - C: three futures months (PSR $500, $500, $750) with intra tiers per month and the CME
 *   spread-calc page's intra charges 2v3 $200, 2v4 $50, 3v4 $0, and a spot-month charge on 202602;
 * - CORN ($1,750) and SOY ($2,500) with the page's 2:1 inter spread at 55 %;
 * - X: a put with the derived SOM array of the reference (T14), SOM $400, price 30.
 * Arrays of futures are computed (extreme 3 x PSR, cover 0.33) and written at one implied decimal.
 * `vectors/portfolio/span-test.pa2` and `.spn` are this output; a test keeps them equal.
 */
import { computeRiskArray } from '../portfolio/span/risk-array.js';
import { pa2Number, pa2Record } from '../portfolio/span/pa2-layout.js';

interface FixtureContract {
  readonly cc: string;
  readonly product: string;
  readonly type: 'FUT' | 'OOF';
  readonly month: string;
  readonly putCall?: 'C' | 'P';
  readonly strike?: number;
  readonly price: number;
  readonly array: readonly number[];
  readonly delta: number;
}

const futArray = (psr: number): number[] =>
  [...computeRiskArray({ kind: 'future', underlyingPrice: 100, contractValueFactor: 1, priceScanRange: psr, extremeMultiplier: 3, coverFraction: 0.33 }).losses].map(
    (v) => Math.round(v * 10) / 10,
  );

const T14_ARRAY = [5, 15, 0, 10, 8, 18, -10, 2, 10, 20, -30, -10, 12, 22, -350, 25];

export const SPAN_FIXTURE_CONTRACTS: readonly FixtureContract[] = [
  { cc: 'C', product: 'C1', type: 'FUT', month: '202602', price: 450, array: futArray(500), delta: 1 },
  { cc: 'C', product: 'C1', type: 'FUT', month: '202603', price: 455, array: futArray(500), delta: 1 },
  { cc: 'C', product: 'C1', type: 'FUT', month: '202604', price: 460, array: futArray(750), delta: 1 },
  { cc: 'CORN', product: 'ZC', type: 'FUT', month: '202612', price: 450, array: futArray(1750), delta: 1 },
  { cc: 'SOY', product: 'ZS', type: 'FUT', month: '202611', price: 1100, array: futArray(2500), delta: 1 },
  { cc: 'X', product: 'XO', type: 'OOF', month: '202612', putCall: 'P', strike: 100, price: 30, array: T14_ARRAY, delta: -0.3 },
];

const CCS = [
  { cc: 'C', products: [['C1', 'FUT']] },
  { cc: 'CORN', products: [['ZC', 'FUT']] },
  { cc: 'SOY', products: [['ZS', 'FUT']] },
  { cc: 'X', products: [['XO', 'OOF']] },
] as const;

export function spanFixturePa2(): string {
  const lines: string[] = [];
  lines.push(pa2Record('0', [[3, 8, 'TEST'], [9, 16, '20260102'], [17, 17, 'S'], [18, 19, 'F'], [36, 37, 'U2']]));
  for (const { cc, products } of CCS) {
    const fields: Array<[number, number, string]> = [[3, 5, 'TST'], [7, 12, cc], [13, 13, '1'], [14, 16, 'USD'], [18, 18, 'P'], [19, 19, cc === 'X' ? 'Y' : 'N'], [20, 20, '1']];
    products.forEach(([product, type], i) => {
      fields.push([23 + i * 13, 32 + i * 13, product], [33 + i * 13, 35 + i * 13, type]);
    });
    lines.push(pa2Record('2', fields));
    lines.push(pa2Record('S', [[3, 8, cc], [9, 10, '01'], [11, 12, '00'], [83, 83, '1']]));
    const tiers: Array<[number, number, string]> =
      cc === 'C'
        ? [2, 3, 4].flatMap((t, i): Array<[number, number, string]> => [[11 + i * 14, 12 + i * 14, pa2Number(t, 2, 0)], [13 + i * 14, 18 + i * 14, `20260${t}`], [19 + i * 14, 24 + i * 14, `20260${t}`]])
        : [];
    lines.push(pa2Record('3', [[3, 8, cc], [9, 10, '10'], ...tiers, [69, 72, '1000'], [73, 76, '1000'], [77, 80, '1100']]));
    if (cc === 'C') {
      const spreads: Array<[number, number, number]> = [[1, 2, 3], [2, 2, 4], [3, 3, 4]];
      const rates = [200, 50, 0];
      spreads.forEach(([priority, a, b], i) => {
        lines.push(pa2Record('C', [[3, 8, cc], [11, 12, pa2Number(priority, 2, 0)], [13, 14, '02'], [15, 21, pa2Number(rates[i] ?? 0, 7, 2)], [22, 23, pa2Number(a, 2, 0)], [24, 27, '1000'], [28, 28, 'A'], [29, 30, pa2Number(b, 2, 0)], [31, 34, '1000'], [35, 35, 'B']]));
      });
      lines.push(pa2Record('4', [[3, 8, cc], [9, 10, '01'], [11, 12, '01'], [13, 14, '01'], [15, 20, '202602'], [21, 27, pa2Number(10, 7, 2)], [28, 34, pa2Number(25, 7, 2)], [63, 69, pa2Number(0, 7, 2)], [79, 79, 'G']]));
    }
    if (cc === 'X') lines.push(pa2Record('4', [[3, 8, cc], [9, 10, '00'], [11, 12, '00'], [63, 69, pa2Number(400, 7, 2)], [79, 79, 'G']]));
  }
  for (const [product, type] of [['C1', 'FUT'], ['ZC', 'FUT'], ['ZS', 'FUT'], ['XO', 'OOF']] as const) {
    lines.push(pa2Record('P', [[3, 5, 'TST'], [6, 15, product], [16, 18, type], [19, 21, '002'], [22, 24, '000'], [25, 38, pa2Number(1, 14, 7)], [39, 41, 'USD']]));
  }
  lines.push(pa2Record('6', [[3, 6, '0001'], [7, 13, pa2Number(55, 7, 4)], [14, 15, '20'], [16, 16, '0'], [17, 19, 'TST'], [20, 20, 'Y'], [21, 26, 'CORN'], [27, 33, pa2Number(2, 7, 4)], [34, 34, 'A'], [35, 37, 'TST'], [38, 38, 'Y'], [39, 44, 'SOY'], [45, 51, pa2Number(1, 7, 4)], [52, 52, 'B']]));
  for (const c of SPAN_FIXTURE_CONTRACTS) {
    const key: Array<[number, number, string]> = [[3, 5, 'TST'], [6, 15, c.product], [16, 25, c.type === 'OOF' ? 'XF' : ''], [26, 28, c.type]];
    if (c.type === 'FUT') key.push([30, 35, c.month]);
    else key.push([29, 29, c.putCall ?? 'C'], [39, 44, c.month], [48, 54, pa2Number(c.strike ?? 0, 7, 0)]);
    const first = c.array.slice(0, 9).map((v, i): [number, number, string] => [55 + i * 6, 60 + i * 6, pa2Number(v, 6, 1, true)]);
    const second = c.array.slice(9).map((v, i): [number, number, string] => [55 + i * 6, 60 + i * 6, pa2Number(v, 6, 1, true)]);
    lines.push(pa2Record('81', [...key, ...first, [109, 122, pa2Number(c.price, 14, 2)]]));
    lines.push(pa2Record('82', [...key, ...second, [97, 102, pa2Number(c.delta, 6, 4, true)]]));
  }
  return `${lines.join('\n')}\n`;
}

const ra = (array: readonly number[], delta: number, indent: string): string =>
  `${indent}<ra><r>1</r>${array.map((v) => `<a>${v}</a>`).join('')}<d>${delta}</d></ra>`;

export function spanFixtureXml(): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<spanFile>', '  <fileFormat>4.00</fileFormat>', '  <pointInTime>', '    <date>20260102</date>', '    <isSetl>1</isSetl>', '    <clearingOrg>', '      <ec>TEST</ec>', '      <exchange>', '        <exch>TST</exch>'];
  const pfIds = new Map<string, number>();
  for (const product of ['C1', 'ZC', 'ZS']) {
    pfIds.set(product, pfIds.size + 1);
    out.push('        <futPf>', `          <pfId>${pfIds.get(product)}</pfId>`, `          <pfCode>${product}</pfCode>`, '          <cvf>1</cvf>');
    for (const c of SPAN_FIXTURE_CONTRACTS.filter((x) => x.product === product)) {
      out.push(`          <fut><cId>${c.product}${c.month}</cId><pe>${c.month}</pe><p>${c.price}</p>`, ra(c.array, c.delta, '            '), '          </fut>');
    }
    out.push('        </futPf>');
  }
  pfIds.set('XO', 4);
  const put = SPAN_FIXTURE_CONTRACTS.find((x) => x.product === 'XO');
  if (put !== undefined) {
    out.push('        <oofPf>', '          <pfId>4</pfId>', '          <pfCode>XO</pfCode>', '          <cvf>1</cvf>', `          <series><pe>${put.month}</pe>`);
    out.push(`            <opt><cId>XO1</cId><o>${put.putCall}</o><k>${put.strike}</k><p>${put.price}</p>`, ra(put.array, put.delta, '              '), '            </opt>', '          </series>', '        </oofPf>');
  }
  out.push('      </exchange>');
  const ratios = '<adjRate><r>member</r><val>1</val></adjRate><adjRate><r>hedger</r><val>1</val></adjRate><adjRate><r>speculator</r><val>1.1</val></adjRate>';
  const link = (product: string, type: string): string => `<pfLink><exch>TST</exch><pfId>${pfIds.get(product)}</pfId><pfCode>${product}</pfCode><pfType>${type}</pfType></pfLink>`;
  out.push('      <ccDef>', '        <cc>C</cc><currency>USD</currency><wfprMeth>1</wfprMeth><somMeth>GROSS</somMeth>', `        ${link('C1', 'FUT')}`, `        ${ratios}`);
  out.push('        <intraTiers>', ...[2, 3, 4].map((t) => `          <tier><tn>${t}</tn><sPe>20260${t}</sPe><ePe>20260${t}</ePe></tier>`), '        </intraTiers>');
  const spreads: Array<[number, number, number, number]> = [[1, 2, 3, 200], [2, 2, 4, 50], [3, 3, 4, 0]];
  for (const [priority, a, b, rate] of spreads) {
    out.push(`        <dSpread><spread>${priority}</spread><chargeMeth>F</chargeMeth><rate><r>1</r><val>${rate}</val></rate><tLeg><cc>C</cc><tn>${a}</tn><rs>A</rs><i>1</i></tLeg><tLeg><cc>C</cc><tn>${b}</tn><rs>B</rs><i>1</i></tLeg></dSpread>`);
  }
  out.push('        <spotRate><r>1</r><pe>202602</pe><sprd>10</sprd><outr>25</outr></spotRate>', '      </ccDef>');
  for (const [cc, product] of [['CORN', 'ZC'], ['SOY', 'ZS']] as const) {
    out.push('      <ccDef>', `        <cc>${cc}</cc><currency>USD</currency><wfprMeth>1</wfprMeth>`, `        ${link(product, 'FUT')}`, `        ${ratios}`, '      </ccDef>');
  }
  out.push('      <ccDef>', '        <cc>X</cc><currency>USD</currency><capAnov>1</capAnov><somMeth>GROSS</somMeth>', `        ${link('XO', 'OOF')}`, `        ${ratios}`);
  out.push('        <somTiers><tier><tn>1</tn><rate><r>1</r><val>400</val></rate></tier></somTiers>', '      </ccDef>');
  out.push('      <interSpreads>', '        <dSpread><spread>1</spread><rate><r>1</r><val>0.55</val></rate><tLeg><cc>CORN</cc><rs>A</rs><i>2</i></tLeg><tLeg><cc>SOY</cc><rs>B</rs><i>1</i></tLeg></dSpread>', '      </interSpreads>');
  out.push('    </clearingOrg>', '  </pointInTime>', '</spanFile>');
  return `${out.join('\n')}\n`;
}
