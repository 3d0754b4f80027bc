/** `margin risk FILE|-`: margin, liquidation and bankruptcy prices of one account. */
import type { RegisterCommand } from './command.js';
import { PORTFOLIO_VENUE_NAMES, PROFILE_NAMES, computeRisk, decodeJson, parseRiskInput, portfolioRiskReport, riskReportToJson, venueMargin, type Profile, type RiskJson } from '@margin/core';
import { renderPortfolioRisk } from './portfolio-render.js';
import { readTextInput } from '../io.js';
import { groupThousands, renderTable } from '../table.js';

export interface RiskOptions {
  readonly json?: boolean;
  readonly profile?: string;
}

export interface CommandOutput {
  readonly stdout: string;
  readonly warnings: readonly string[];
}

/** Pure part of the command, shared by the tests: input text to output text. */
export function runRisk(inputText: string, options: RiskOptions): CommandOutput {
  const document = decodeJson(inputText);
  // A portfolio-margin profile (docs/portfolio-margin.md) takes priced positions instead of an account.
  const named = options.profile ?? (typeof document === 'object' && document !== null && 'profile' in document ? (document as { profile: unknown }).profile : undefined);
  if (typeof named === 'string' && PORTFOLIO_VENUE_NAMES.includes(named)) {
    const { report, warnings } = portfolioRiskReport(document, options.profile);
    return { stdout: options.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderPortfolioRisk(report), warnings };
  }
  const { request, warnings } = parseRiskInput(document, options.profile);
  const json = riskReportToJson(computeRisk(request));
  const stdout = options.json === true ? `${JSON.stringify(json, null, 2)}\n` : renderRiskTable(json);
  return { stdout, warnings };
}

export async function riskCommand(file: string, options: RiskOptions): Promise<CommandOutput> {
  return runRisk(await readTextInput(file, 'FILE'), options);
}

function renderRiskTable(json: RiskJson): string {
  const a = json.account;
  const unit = a.settle ?? '';
  const ratio = a.marginRatio === null ? '-- (equity <= 0)' : `${(Number(a.marginRatio) * 100).toFixed(4)} %`;
  const lines = [
    `Profile ${json.profile}`,
    '',
    `Cross account (${unit || 'no cross positions'})`,
    `  wallet balance      ${groupThousands(a.walletBalance)} ${unit}`,
    `  unrealised PnL      ${groupThousands(a.unrealizedPnl)} ${unit}`,
    `  equity              ${groupThousands(a.equity)} ${unit}`,
    `  initial margin      ${groupThousands(a.initialMargin)} ${unit}`,
    `  maintenance margin  ${groupThousands(a.maintenanceMargin)} ${unit}`,
    `  margin ratio        ${ratio}`,
    `  available balance   ${groupThousands(a.availableBalance)} ${unit}`,
    `  liquidatable        ${a.liquidatable ? 'YES' : 'no'}`,
    '',
  ];
  if (json.positions.length === 0) return `${lines.join('\n')}No positions.\n`;
  const rows = json.positions.map((p) => [
    p.symbol,
    p.side,
    p.margin === 'isolated' ? `isolated${p.liquidatable === true ? ' LIQ' : ''}` : 'cross',
    groupThousands(p.size),
    groupThousands(p.entryPrice),
    groupThousands(p.markPrice),
    `${groupThousands(p.notional)} ${p.settle}`,
    groupThousands(p.unrealizedPnl),
    `${p.tier} (${(Number(p.maintenanceRate) * 100).toString()}%)`,
    `${p.leverage}x${p.leverageCapped ? ' capped' : ''}`,
    groupThousands(p.initialMargin),
    groupThousands(p.maintenanceMargin),
    groupThousands(p.liquidationPrice),
    groupThousands(p.bankruptcyPrice),
  ]);
  const table = renderTable(
    [
      { title: 'symbol', align: 'left' },
      { title: 'side', align: 'left' },
      { title: 'margin', align: 'left' },
      { title: 'size' },
      { title: 'entry' },
      { title: 'mark' },
      { title: 'notional' },
      { title: 'uPnL' },
      { title: 'tier (MMR)' },
      { title: 'leverage' },
      { title: 'IM' },
      { title: 'MM' },
      { title: 'liq. price' },
      { title: 'bankr. price' },
    ],
    rows,
  );
  return `${lines.join('\n')}${table}\n\n${priceNote(venueMargin(json.profile))}; "--" means no positive price exists.\n`;
}

/** How the profile rounds reported prices (core's `priceRounding`), for the footnote. */
function priceNote(profile: Profile): string {
  if (profile.priceRounding === 'decimals-nearest') return `Prices rounded to the nearest at ${profile.priceDecimals} decimals, as the venue reports them`;
  return `Prices rounded toward the safe side (${profile.priceRounding === 'decimals' ? `to ${profile.priceDecimals} decimals` : 'to the tick'})`;
}

export const registerRisk: RegisterCommand = (program, exit) => {
  program
    .command('risk')
    .description('margin, liquidation and bankruptcy prices of one account (JSON file, or - for stdin)')
    .argument('<file>', 'input JSON file, or - for standard input')
    .option('--json', 'print JSON (every number a decimal string)')
    .option('--profile <name>', `methodology profile (${PROFILE_NAMES.join(', ')}; portfolio margin: ${PORTFOLIO_VENUE_NAMES.join(', ')})`)
    .action(async (file: string, options: RiskOptions) => {
      const result = await riskCommand(file, options);
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
      process.stdout.write(result.stdout);
      exit.code = 0;
    });
};
