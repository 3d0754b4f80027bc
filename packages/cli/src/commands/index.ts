/** `margin index FILE|-`: index price from weighted spot sources, with each source used or dropped and why. */
import type { RegisterCommand } from './command.js';
import { registerMarketCommand } from './register-market-command.js';
import { computeIndexPrice, parseFixed, type MarketProfile } from '@margin/core';
import { indexInputSchema, type IndexInput } from '../market-io/index-input.js';
import {
  fx,
  fxOrNull,
  iso,
  runDocumentCommand,
  type CommandOutput,
  type MarketOptions,
} from '../market-io/command-io.js';
import { groupThousands, renderTable } from '../table.js';

export const INDEX_SHAPE = { mainSeries: 'sources', seriesPaths: [['sources']] } as const;

export function indexReport(profile: MarketProfile, input: IndexInput) {
  const rules = profile.index;
  const timeMs = input.time ?? Math.max(...input.sources.map((source) => source.time));
  const staleAfterMs = input.staleAfterMs ?? rules.staleAfterMs;
  const maxDeviation = input.maxDeviation ?? rules.maxDeviation;
  const sources = input.sources.map((row) => {
    const fallback = rules.defaultWeights[row.name.toLowerCase()];
    return { name: row.name, price: row.price, weight: row.weight ?? parseFixed(fallback ?? '1'), timeMs: row.time };
  });
  const result = computeIndexPrice({ sources, timeMs, method: input.method ?? rules.method, staleAfterMs, maxDeviation });
  return {
    profile: profile.name,
    symbol: input.symbol ?? null,
    time: iso(timeMs),
    indexPrice: fx(result.price),
    method: result.method,
    freshMedian: fx(result.freshMedian),
    rules: { staleAfterMs: staleAfterMs === null ? null : String(staleAfterMs), maxDeviation: fxOrNull(maxDeviation) },
    sources: result.sources.map((source, i) => ({
      name: source.name,
      price: fx(source.price),
      weight: fx(source.weight),
      weightSource: input.sources[i]?.weight !== undefined ? 'input' : rules.defaultWeights[source.name.toLowerCase()] !== undefined ? 'profile' : 'default 1',
      time: iso(source.timeMs),
      ageMs: String(source.ageMs),
      deviation: fxOrNull(source.deviation),
      status: source.status,
      reason: source.reason,
      effectiveWeight: fx(source.effectiveWeight),
    })),
  };
}

type IndexReport = ReturnType<typeof indexReport>;

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
