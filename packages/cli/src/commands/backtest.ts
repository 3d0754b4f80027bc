/**
 * `margin backtest FILE|- --model SPEC [--model SPEC ...]`: run one or several margin models over
 * a price series and test them side by side: exceptions, Kupiec, Christoffersen, traffic light,
 * procyclicality, cost, shortfall (docs/dynamic-margin.md). A table, --json, and a self-contained
 * HTML report with charts (--report FILE); a progress bar on stderr when it is a terminal.
 */
import { InputError, backtest, backtestHtml, backtestReport, runModel, type BacktestReport, type PositionSide, type RateSeries } from '@margin/core';
import type { RegisterCommand } from './command.js';
import { addSeriesOptions, parseModels, progressBar, readSeries, writeOutputFile, type SeriesFlags } from '../dynamic-io/series-io.js';
import { renderTable } from '../table.js';

interface BacktestFlags extends SeriesFlags {
  readonly json?: boolean;
  readonly report?: string;
  readonly side: string;
  readonly nonOverlapping?: boolean;
  readonly progress: boolean;
}

function tableText(report: BacktestReport): string {
  const head = [
    `Backtest  ${report.series.label} (${report.series.rows} rows); tested ${report.tested.from} to ${report.tested.to}, ${report.side} position`,
    '',
  ];
  const rows = report.models.map((m) => [
    String(m.model.label),
    String(m.observations),
    `${m.exceptions} (${(Number(m.expectedRate) * m.observations).toFixed(1)})`,
    `${m.kupiec.statistic?.slice(0, 8)}${m.kupiec.reject95 ? ' *' : ''}`,
    `${m.christoffersen.independence?.slice(0, 8)}${m.christoffersen.rejectIndependence95 ? ' *' : ''}`,
    `${m.christoffersen.conditionalCoverage?.slice(0, 8)}${m.christoffersen.rejectConditionalCoverage95 ? ' *' : ''}`,
    m.trafficLight.zone,
    m.procyclicality.peakToTrough?.slice(0, 8) ?? '',
    m.procyclicality.maxIncrease1?.slice(0, 8) ?? '',
    m.procyclicality.maxIncrease5?.slice(0, 8) ?? '',
    m.procyclicality.maxIncrease20?.slice(0, 8) ?? '',
    m.cost.meanRate ?? '',
    m.exceptionShortfall.max?.slice(0, 8) ?? '',
    String(m.capShortfall.steps),
  ]);
  const table = renderTable(
    [
      { title: 'model', align: 'left' },
      { title: 'obs' },
      { title: 'exceptions (expected)' },
      { title: 'LR_uc' },
      { title: 'LR_ind' },
      { title: 'LR_cc' },
      { title: 'zone', align: 'left' },
      { title: 'peak/trough' },
      { title: 'max +1' },
      { title: 'max +5' },
      { title: 'max +20' },
      { title: 'mean rate' },
      { title: 'max shortfall' },
      { title: 'capped' },
    ],
    rows,
  );
  return `${head.join('\n')}${table}\n* rejected at 95%\n${report.notes.map((n) => `note: ${n}`).join('\n')}\n--json for every field, --report FILE for the HTML report with charts\n`;
}

function parseSide(text: string): PositionSide {
  if (text !== 'long' && text !== 'short') throw new InputError(['--side'], `must be "long" or "short", got "${text}"`);
  return text;
}

export async function runBacktest(file: string, flags: BacktestFlags, stderr: NodeJS.WritableStream & { isTTY?: boolean }): Promise<string> {
  const side = parseSide(flags.side);
  const models = parseModels(flags, 'ewma');
  const series = await readSeries(file, flags, models);
  const bar = progressBar(stderr, 'backtest');
  const total = models.length * 2;
  const rates: RateSeries[] = [];
  for (const model of models) {
    rates.push(runModel(series, model));
    if (flags.progress) bar.update(rates.length, total);
  }
  const result = backtest(series, rates, { side, nonOverlapping: flags.nonOverlapping === true, onProgress: (done) => flags.progress && bar.update(models.length + done, total) });
  bar.done();
  const report = backtestReport(series, result);
  if (flags.report !== undefined) await writeOutputFile(flags.report, backtestHtml(series, result, report), '--report');
  return flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : tableText(report);
}

export const registerBacktest: RegisterCommand = (program, exit) => {
  addSeriesOptions(
    program
      .command('backtest')
      .description('backtest margin models over a price series side by side: exceptions, Kupiec, Christoffersen, traffic light, procyclicality, cost, shortfall; table, JSON, HTML report')
      .argument('<file>', 'price series, CSV (time,price columns) or JSON rows; - for standard input'),
  )
    .option('--side <side>', 'position whose losses are tested: long or short', 'long')
    .option('--non-overlapping', 'with an MPOR above 1 step, test every MPOR-th step only (independent windows)')
    .option('--json', 'print JSON (every number a decimal string)')
    .option('--report <file>', 'write a self-contained HTML report with a chart per model')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (file: string, flags: BacktestFlags) => {
      process.stdout.write(await runBacktest(file, flags, process.stderr));
      exit.code = 0;
    });
};
