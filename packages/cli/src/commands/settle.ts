/**
 * `margin settle FILE|-`: settlement of dated futures (TWAP of the index at expiry, basis) and of
 * index futures (volatility index, funding-rate, gas-fee), with realised PnL per position.
 */
import type { RegisterCommand } from './command.js';
import { registerMarketCommand } from './register-market-command.js';
import {
  datedFutureReport,
  datedFutureSchema,
  fundingRateFutureReport,
  fundingRateFutureSchema,
  gasFeeFutureReport,
  gasFeeFutureSchema,
  parseWithSchema,
  settleKindSchema,
  volatilityFutureReport,
  volatilityFutureSchema,
} from '@margin/core';
import {
  jsonText,
  located,
  readMarketDocument,
  resolveMarketProfile,
  type CommandOutput,
  type MarketOptions,
} from '../market-io/command-io.js';
import { groupThousands, renderTable } from '../table.js';

const SERIES = [['samples'], ['rates'], ['nearTerm', 'quotes'], ['nextTerm', 'quotes'], ['positions']] as const;

type SettleReport =
  | ReturnType<typeof datedFutureReport>
  | ReturnType<typeof volatilityFutureReport>
  | ReturnType<typeof fundingRateFutureReport>
  | ReturnType<typeof gasFeeFutureReport>;

export async function runSettle(file: string, options: MarketOptions, inputText?: string): Promise<CommandOutput> {
  // A CSV main input is the series of the kind named by --set kind=...: rates for funding-rate futures.
  const mainSeries = (options.set ?? []).some((pair) => pair.replace(/\s/g, '') === 'kind=funding-rate-future') ? 'rates' : 'samples';
  const loaded = await readMarketDocument(file, options, { mainSeries, seriesPaths: SERIES }, inputText);
  return located(loaded, () => {
    const { value: head } = parseWithSchema(settleKindSchema, loaded.document);
    const profileName = typeof loaded.document['profile'] === 'string' ? loaded.document['profile'] : undefined;
    const profile = resolveMarketProfile(profileName, options.profile);
    let report: SettleReport;
    let warnings: readonly string[];
    switch (head.kind) {
      case 'dated-future': {
        const parsed = parseWithSchema(datedFutureSchema, loaded.document);
        [report, warnings] = [datedFutureReport(profile, parsed.value), parsed.warnings];
        break;
      }
      case 'volatility-future': {
        const parsed = parseWithSchema(volatilityFutureSchema, loaded.document);
        [report, warnings] = [volatilityFutureReport(profile, parsed.value), parsed.warnings];
        break;
      }
      case 'funding-rate-future': {
        const parsed = parseWithSchema(fundingRateFutureSchema, loaded.document);
        [report, warnings] = [fundingRateFutureReport(profile, parsed.value), parsed.warnings];
        break;
      }
      case 'gas-fee-future': {
        const parsed = parseWithSchema(gasFeeFutureSchema, loaded.document);
        [report, warnings] = [gasFeeFutureReport(profile, parsed.value), parsed.warnings];
        break;
      }
    }
    return { stdout: options.json === true ? jsonText(report) : renderSettle(report), warnings };
  });
}

function renderSettle(report: SettleReport): string {
  const lines = [`Settlement  ${report.kind}${report.symbol === null ? '' : `  ${report.symbol}`}  profile ${report.profile}`, ''];
  lines.push(`  settlement price   ${groupThousands(report.settlementPrice)}`);
  for (const [key, value] of Object.entries(report.settlement)) {
    if (typeof value === 'string') lines.push(`  ${key.padEnd(18)} ${value}`);
  }
  if (report.kind === 'volatility-future') {
    for (const term of report.settlement.terms) {
      lines.push(`  term ${term.expiry}: forward ${term.forward}, K0 ${term.atmStrike}, variance ${term.variance}, ${term.strikesUsed} strikes, ${term.excluded.length} excluded`);
    }
  }
  if (report.kind === 'dated-future' && report.basis !== null) {
    const b = report.basis;
    lines.push(`  basis              ${b.basis} (${b.basisRate} of index; annualised ${b.annualisedBasisRate ?? '--'}; ${b.daysToExpiry} days to expiry)`);
  }
  const positions = report.positions;
  if (positions === null) return `${lines.join('\n')}\n`;
  lines.push('', `Realised PnL${positions.asset === null ? '' : ` (${positions.asset})`}, ${positions.rounding}`);
  const rows = positions.rows.map((row) => [row.account, row.side, groupThousands(row.size), groupThousands(row.entryPrice), groupThousands(row.realizedPnl)]);
  lines.push(renderTable([{ title: 'account', align: 'left' }, { title: 'side', align: 'left' }, { title: 'size' }, { title: 'entry' }, { title: 'realised PnL' }], rows));
  lines.push(`total ${positions.total}`);
  return `${lines.join('\n')}\n`;
}

export const registerSettle: RegisterCommand = (program, exit) =>
  registerMarketCommand(program, exit, {
    name: 'settle',
    description: 'settle dated futures (index TWAP at expiry) and index futures (volatility, funding-rate, gas-fee) with realised PnL',
    fileHelp: 'input JSON, or a CSV series with --set kind=...; - for standard input',
    setExample: '--set kind=dated-future --set expiry=2024-03-29T08:00:00Z',
    run: runSettle,
  });
