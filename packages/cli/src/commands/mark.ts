/** `margin mark FILE|-`: the mark price per profile with its components and band. */
import type { RegisterCommand } from './command.js';
import { registerMarketCommand } from './register-market-command.js';
import { markInputSchema, markReport, type MarkReport } from '@margin/core';
import {
  runDocumentCommand,
  type CommandOutput,
  type MarketOptions,
} from '../market-io/command-io.js';
import { groupThousands, renderTable } from '../table.js';

export const MARK_SHAPE = { mainSeries: 'samples', seriesPaths: [['samples']] } as const;

export async function runMark(file: string, options: MarketOptions, inputText?: string): Promise<CommandOutput> {
  return runDocumentCommand(file, options, { shape: MARK_SHAPE, schema: markInputSchema, report: markReport, render: renderMark }, inputText);
}

function renderMark(report: MarkReport): string {
  const lines = [
    `Mark price  profile ${report.profile}${report.symbol === null ? '' : `  ${report.symbol}`}  method ${report.method}`,
    '',
    `  ${report.indexMeaning.padEnd(14)} ${groupThousands(report.indexPrice)}`,
    `  mark price     ${groupThousands(report.markPrice)}  (${report.combination}${report.clamped ? `, clamped from ${report.unclampedPrice}` : ''})`,
  ];
  if (report.band !== null) lines.push(`  band           ${groupThousands(report.band.low)} .. ${groupThousands(report.band.high)} (index +- ${report.band.rate})`);
  lines.push('', renderTable([{ title: 'component', align: 'left' }, { title: 'value' }, { title: 'how', align: 'left' }], report.components.map((c) => [c.name, groupThousands(c.value), c.detail])));
  for (const note of report.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}

export const registerMark: RegisterCommand = (program, exit) =>
  registerMarketCommand(program, exit, {
    name: 'mark',
    description: 'mark price per profile (Binance median, BitMEX fair price, Hyperliquid median, oracle) with its components',
    fileHelp: 'input JSON, or a CSV of samples; - for standard input',
    setExample: '--set indexPrice=10000',
    run: runMark,
  });
