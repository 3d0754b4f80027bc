/** `margin profiles [NAME]`: the venues, which rules each defines, and their dated tier snapshots. */
import type { RegisterCommand } from './command.js';
import { VENUES, VENUE_PART_TITLES, venue, venueParts, venueToJson, type Venue } from '@margin/core';
import { renderTable } from '../table.js';

const has = (record: Venue, part: 'margin' | 'market' | 'liquidation'): string => (record[part] === null ? '--' : 'yes');

export function profilesCommand(name: string | undefined, options: { json?: boolean }): string {
  if (name === undefined) {
    if (options.json === true) return `${JSON.stringify(VENUES.map(venueToJson), null, 2)}\n`;
    const rows = VENUES.map((record) => [
      record.name,
      record.margin?.title ?? record.title,
      String(record.tierSnapshots.length),
      has(record, 'margin'),
      has(record, 'market'),
      has(record, 'liquidation'),
    ]);
    const columns = [
      { title: 'profile', align: 'left' as const },
      { title: 'title', align: 'left' as const },
      { title: 'snapshots' },
      { title: 'margin', align: 'left' as const },
      { title: 'market/funding', align: 'left' as const },
      { title: 'liquidation', align: 'left' as const },
    ];
    return `${renderTable(columns, rows)}\n`;
  }
  const record = venue(name, ['NAME']);
  if (options.json === true) return `${JSON.stringify(venueToJson(record), null, 2)}\n`;
  const profile = record.margin;
  const lines =
    profile === null
      ? [`${record.name}: ${record.title}`, '', `margin rules           none (${record.name} cannot price margin: margin risk, run and serve refuse it)`]
      : [
          `${profile.name}: ${profile.title}`,
          profile.description,
          '',
          `position value basis   ${profile.positionValueBasis}`,
          `initial margin         ${profile.initialMargin}`,
          `close fee in MM        ${profile.maintenanceCloseFee}`,
          `close fee in BP        ${profile.bankruptcyCloseFee ? 'yes' : 'no'}`,
          `price rounding         ${profile.priceRounding}`,
          `mark price means       ${profile.markPriceMeaning}`,
        ];
  lines.push(`defines                ${venueParts(record).map((part) => VENUE_PART_TITLES[part]).join(', ')}`);
  lines.push(`funding contract kind  ${record.contractKind} (when the input gives no kind)`);
  const market = record.market;
  if (market !== null) {
    const f = market.funding;
    lines.push(
      `funding                ${f.formula}, every ${f.intervalHours} h, ${f.scaling}, cap ${f.cap.kind}, paid at the ${f.paymentPrice} price`,
      `mark method            ${market.mark.method}`,
      `index method           ${market.index.method}`,
    );
  }
  const rules = record.liquidation;
  if (rules !== null) {
    lines.push(
      `liquidation            ${rules.partial}${rules.settleAtBankruptcy ? ', closed at the bankruptcy price' : ''}; deficit: ${rules.deficit}${rules.deficit === 'adl' ? ` (${rules.adlRanking} ranking)` : ''}`,
    );
  }
  if (profile !== null) lines.push('', 'Sources:', ...profile.sources.map((source) => `  ${source}`));
  for (const [title, sources] of [
    ['Market and funding sources:', market?.sources ?? []],
    ['Liquidation sources:', rules?.sources ?? []],
  ] as const) {
    if (sources.length > 0) lines.push('', title, ...sources.map((source) => `  ${source}`));
  }
  for (const snapshot of record.tierSnapshots) {
    lines.push('', `Tier snapshot ${snapshot.symbol} as of ${snapshot.asOf}`, `  source: ${snapshot.source}`);
    const rows = snapshot.tiers.map((tier, i) => [String(i + 1), tier.notionalFloor, tier.maintenanceRate ?? '(derived)', tier.maintenanceAmount ?? '(derived)', tier.maxLeverage]);
    lines.push(renderTable([{ title: 'tier' }, { title: 'floor' }, { title: 'MMR' }, { title: 'amount' }, { title: 'max lev' }], rows));
  }
  const optionRules = record.standardOptions;
  if (optionRules !== null) {
    lines.push('', `Standard options margin (option value ${optionRules.optionValueInEquity ? 'in' : 'not in'} equity; liquidation ${optionRules.liquidationOrder}):`);
    for (const snapshot of [...optionRules.options, ...optionRules.sizeBasedFutures]) {
      const kind = 'formula' in snapshot ? `${snapshot.settlement} ${snapshot.formula.kind}` : 'futures size-based';
      lines.push(`  ${snapshot.id}  ${kind}  ${snapshot.base ?? 'any coin'}  from ${snapshot.effectiveFrom ?? '(not published)'} to ${snapshot.effectiveTo ?? 'now'}, read ${snapshot.asOf}`);
      lines.push(...snapshot.sources.map((source) => `    ${source}`));
    }
    lines.push(...optionRules.assumptions.map((assumption) => `  assumed: ${assumption}`));
  }
  return `${lines.join('\n')}\n`;
}

export const registerProfiles: RegisterCommand = (program, exit) => {
  program
    .command('profiles')
    .description('list venues (methodology profiles) and the rules each defines, or show one with its sources and tier snapshots')
    .argument('[name]', 'profile name')
    .option('--json', 'print JSON')
    .action((name: string | undefined, options: { json?: boolean }) => {
      process.stdout.write(profilesCommand(name, options));
      exit.code = 0;
    });
};
