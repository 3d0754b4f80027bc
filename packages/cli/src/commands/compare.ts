/**
 * `margin compare FILE|-`: the account of a `margin risk` input under every venue record that can
 * hold it, side by side (IM, MM, available balance, liquidation and bankruptcy prices), with the
 * rules that differ and what they do. Table or --json.
 */
import { InputError, compareVenuesOrThrow, decimalProblem, decodeJson, parseFixed, type CompareReport } from '@margin/core';
import type { RegisterCommand } from './command.js';
import { readTextInput } from '../io.js';
import { groupThousands, renderTable } from '../table.js';

/** `value: venue, venue` lines, one per distinct value. */
function grouped(values: Readonly<Record<string, string>>): string[] {
  const byValue = new Map<string, string[]>();
  for (const [venue, value] of Object.entries(values)) byValue.set(value, [...(byValue.get(value) ?? []), venue]);
  return [...byValue].map(([value, venues]) => `    ${value}: ${venues.join(', ')}`);
}

function tableText(report: CompareReport): string {
  const held = report.venues.filter((v) => v.holds);
  const out: string[] = ['Account under each venue (cross pool)', ''];
  out.push(
    renderTable(
      [{ title: 'venue', align: 'left' }, { title: 'equity' }, { title: 'IM' }, { title: 'MM' }, { title: 'available' }, { title: 'margin ratio' }, { title: 'liquidatable', align: 'left' }],
      held.map((v) => [
        v.venue,
        groupThousands(v.account?.equity ?? null),
        groupThousands(v.account?.initialMargin ?? null),
        groupThousands(v.account?.maintenanceMargin ?? null),
        groupThousands(v.account?.availableBalance ?? null),
        v.account?.marginRatio ?? '--',
        v.account?.liquidatable === true ? 'YES' : 'no',
      ]),
    ),
  );
  const positions = held[0]?.positions ?? [];
  positions.forEach((position, index) => {
    out.push('', `Position ${index + 1}: ${position.side} ${position.size} ${position.symbol} (${position.margin}) at mark ${groupThousands(position.markPrice)}`, '');
    out.push(
      renderTable(
        [{ title: 'venue', align: 'left' }, { title: 'tier (MMR)' }, { title: 'leverage' }, { title: 'IM' }, { title: 'MM' }, { title: 'liq. price' }, { title: 'bankr. price' }],
        held.map((v) => {
          const p = v.positions[index];
          return [
            v.venue,
            p === undefined ? '' : `${p.tier} (${p.maintenanceRate})`,
            p === undefined ? '' : `${p.leverage}x${p.leverageCapped ? ' capped' : ''}`,
            groupThousands(p?.initialMargin ?? null),
            groupThousands(p?.maintenanceMargin ?? null),
            groupThousands(p?.liquidationPrice ?? null),
            groupThousands(p?.bankruptcyPrice ?? null),
          ];
        }),
      ),
    );
  });
  const funded = held.filter((v) => v.funding !== null && v.funding !== undefined);
  if (funded.length > 0) {
    const premium = funded[0]?.funding?.premium ?? '0';
    out.push('', `Funding at each venue's current rule (premium ${premium}; + the account pays, - it receives)`, '');
    out.push(
      renderTable(
        [{ title: 'venue', align: 'left' }, { title: 'every' }, { title: 'position', align: 'left' }, { title: 'rate' }, { title: 'payment' }, { title: 'per day' }],
        funded.flatMap((v) =>
          (v.funding?.positions ?? []).map((p) => [v.venue, `${v.funding?.intervalHours ?? ''} h`, `${p.side} ${p.symbol}`, `${p.rate}${p.capped ? ' capped' : ''}`, groupThousands(p.payment), groupThousands(p.paymentPerDay)]),
        ),
      ),
    );
  }
  if (report.differences.length > 0 || report.tierDifferences.length > 0) {
    out.push('', 'What differs and why');
    for (const d of report.differences) out.push(`  ${d.rule}: ${d.what}`, ...grouped(d.values));
    for (const d of report.tierDifferences) out.push(`  position ${d.position + 1} (${d.symbol}): tier tables and leverage caps differ`, ...grouped(d.values));
  }
  const refused = report.venues.filter((v) => !v.holds);
  if (refused.length > 0) out.push('', 'Cannot hold this account', ...refused.map((v) => `  ${v.venue.padEnd(16)} ${v.reason ?? ''}`));
  return `${out.join('\n')}\n--json for every field\n`;
}

/** `--premium`: the average premium of the funding window, a decimal rate (`0.0003`, `-0.001`). */
export function parsePremium(text: string | undefined): bigint {
  if (text === undefined) return 0n;
  const problem = decimalProblem(text.startsWith('-') ? text.slice(1) : text);
  if (problem !== null) throw new InputError(['--premium'], problem);
  return parseFixed(text);
}

export async function runCompare(file: string, json: boolean, premium?: string): Promise<{ stdout: string; warnings: readonly string[] }> {
  const report = compareVenuesOrThrow(decodeJson(await readTextInput(file, 'FILE')), { premium: parsePremium(premium) });
  return { stdout: json ? `${JSON.stringify(report, null, 2)}\n` : tableText(report), warnings: report.warnings };
}

export const registerCompare: RegisterCommand = (program, exit) => {
  program
    .command('compare')
    .description('one account (margin risk input) under every venue that can hold it, side by side: IM, MM, available, liquidation and bankruptcy prices, what differs and why')
    .argument('<file>', 'input JSON file (as margin risk), or - for standard input')
    .option('--json', 'print JSON (every number a decimal string)')
    .option('--premium <rate>', 'average premium of the funding window for the funding comparison (default 0: the interest term alone)')
    .action(async (file: string, options: { json?: boolean; premium?: string }) => {
      const result = await runCompare(file, options.json === true, options.premium);
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
      process.stdout.write(result.stdout);
      exit.code = 0;
    });
};
