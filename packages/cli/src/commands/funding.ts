/** `margin funding FILE|-`: premium average, interest, clamp, cap, rate, funding time and payments. */
import type { RegisterCommand } from './command.js';
import { registerMarketCommand } from './register-market-command.js';
import { fundingInputSchema, fundingReport, type FundingReport } from '@margin/core';
import {
  runDocumentCommand,
  type CommandOutput,
  type MarketOptions,
} from '../market-io/command-io.js';
import { groupThousands, renderTable } from '../table.js';

export const FUNDING_SHAPE = { mainSeries: 'samples', seriesPaths: [['samples'], ['positions']] } as const;

/** The command without the terminal: file (or `-` with `inputText`) to output text. */
export async function runFunding(file: string, options: MarketOptions, inputText?: string): Promise<CommandOutput> {
  return runDocumentCommand(file, options, { shape: FUNDING_SHAPE, schema: fundingInputSchema, report: fundingReport, render: renderFunding }, inputText);
}

function renderFunding(report: FundingReport): string {
  const lines = [`Funding  profile ${report.profile}${report.symbol === null ? '' : `  ${report.symbol}`}  interval ${report.intervalHours} h`, ''];
  const premium = report.premium;
  if (premium !== null) {
    const detail = 'sampleCount' in premium ? ` (${premium.averaging} of ${premium.sampleCount} samples${premium.paddedCount !== '0' ? ` + ${premium.paddedCount} zero pads` : ''}, window ${premium.windowStart} .. ${premium.windowEnd})` : ' (input)';
    lines.push(`  premium average P    ${premium.average}${detail}`);
  }
  const c = report.computation;
  if (c !== null) {
    lines.push(`  formula              ${c.formula}`);
    lines.push(`  interest I           ${c.interest.rate} per ${c.interest.basisHours} h (${c.interest.source})`);
    if (c.clamp !== null) lines.push(`  clamp(I - P)         ${c.clamp.clamped} (I - P = ${c.clamp.interestMinusPremium}, bound +-${c.clamp.bound})`);
    lines.push(`  F before cap         ${c.formulaRate}`);
    if (c.cap !== null) lines.push(`  cap / floor          ${c.cap.cap} / ${c.cap.floor} on the ${c.cap.appliesTo} (${c.cap.rule})${c.cap.hit ? '  HIT' : ''}`);
    if (c.changeLimit !== null) lines.push(`  change limit         +-${c.changeLimit.maxChange} around ${c.changeLimit.previousRate}${c.changeLimit.hit ? '  HIT' : ''}`);
    lines.push(`  scaling              ${c.scaling}`);
  }
  lines.push(`  funding rate         ${report.fundingRate}`);
  lines.push(`  next funding time    ${report.nextFundingTime ?? '-- (give time or samples)'}`);
  const payments = report.payments;
  if (payments === null) return `${lines.join('\n')}\n`;
  lines.push('', `Payments at ${payments.priceKind} ${groupThousands(payments.price)}${payments.asset === null ? '' : ` (${payments.asset}, ${payments.assetDecimals} decimals)`}; negative pays, positive receives`);
  const rows = payments.rows.map((row) => [row.account, row.side, groupThousands(row.size), row.amount === null ? '--' : groupThousands(row.amount), row.status]);
  rows.push([payments.roundingAccount.account, '', '', groupThousands(payments.roundingAccount.amount), 'rounding account']);
  lines.push(renderTable([{ title: 'account', align: 'left' }, { title: 'side', align: 'left' }, { title: 'size' }, { title: 'amount' }, { title: 'status', align: 'left' }], rows));
  lines.push(`total ${payments.total} (${payments.zeroSum ? 'zero-sum' : 'NOT zero-sum'})${payments.balanced ? '' : `; positions are not balanced (net size ${payments.netSize}): the rounding account also takes the unmatched side`}`);
  return `${lines.join('\n')}\n`;
}

export const registerFunding: RegisterCommand = (program, exit) =>
  registerMarketCommand(program, exit, {
    name: 'funding',
    description: 'funding rate from premium samples (or an average), its funding time, and exact payments per position',
    fileHelp: 'input JSON, or a CSV of samples; - for standard input',
    setExample: '--set maintenanceRate=0.004',
    run: runFunding,
  });
