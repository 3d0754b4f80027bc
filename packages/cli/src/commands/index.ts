/** `margin index FILE|-`: index price from weighted spot sources, with each source used or dropped and why. */
import type { RegisterCommand } from './command.js';
import { registerMarketCommand } from './register-market-command.js';
import { indexInputSchema, indexReport, type IndexReport } from '@margin/core';
import {
  runDocumentCommand,
  type CommandOutput,
  type MarketOptions,
} from '../market-io/command-io.js';
import { groupThousands, renderTable } from '../table.js';

export const INDEX_SHAPE = { mainSeries: 'sources', seriesPaths: [['sources']] } as const;


export async function runIndex(file: string, options: MarketOptions, inputText?: string): Promise<CommandOutput> {
  return runDocumentCommand(file, options, { shape: INDEX_SHAPE, schema: indexInputSchema, report: indexReport, render: renderIndex }, inputText);
}

function renderIndex(report: IndexReport): string {
  const head = [
    `Index  profile ${report.profile}${report.symbol === null ? '' : `  ${report.symbol}`}  at ${report.time}`,
    '',
    `  index price   ${groupThousands(report.indexPrice)}  (${report.method}; median of fresh sources ${groupThousands(report.freshMedian)})`,
    `  rules         stale after ${report.rules.staleAfterMs ?? '--'} ms, max deviation ${report.rules.maxDeviation ?? '--'}`,
    '',
  ];
  const rows = report.sources.map((s) => [s.name, groupThousands(s.price), s.weight, s.effectiveWeight, s.ageMs, s.status, s.reason]);
  const table = renderTable(
    [{ title: 'source', align: 'left' }, { title: 'price' }, { title: 'weight' }, { title: 'share' }, { title: 'age ms' }, { title: 'status', align: 'left' }, { title: 'why', align: 'left' }],
    rows,
  );
  return `${head.join('\n')}${table}\n`;
}

export const registerIndex: RegisterCommand = (program, exit) =>
  registerMarketCommand(program, exit, {
    name: 'index',
    description: 'index price from weighted spot sources, with each source used or dropped and why',
    fileHelp: 'input JSON, or a CSV of sources; - for standard input',
    setExample: '--set time=2024-03-01T08:00:00Z',
    run: runIndex,
  });
