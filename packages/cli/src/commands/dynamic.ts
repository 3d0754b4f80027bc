/**
 * `margin dynamic FILE|-`: a dynamic margin model over a price series (CSV or JSON) -> the rate
 * series as a table, CSV or JSON, and a chart (SVG or self-contained HTML) with --chart FILE.
 * The models and their settings: docs/dynamic-margin.md.
 */
import { InputError, dynamicChartHtml, dynamicChartSvg, dynamicReport, runModel, type DynamicReport } from '@margin/core';
import type { RegisterCommand } from './command.js';
import { addSeriesOptions, parseModels, readSeries, writeOutputFile, type SeriesFlags } from '../dynamic-io/series-io.js';
import { renderTable } from '../table.js';
import { ndjson, parseRateAs, rateCommands } from '../dynamic-io/rate-commands.js';

interface DynamicFlags extends SeriesFlags {
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly chart?: string;
  /** Print NDJSON `marginRates` commands for this symbol instead of the report (rate-commands.ts). */
  readonly commands?: string;
  readonly rateAs?: string;
  readonly idPrefix?: string;
}

const CSV_COLUMNS = ['time', 'price', 'sigma', 'modelRate', 'calculatedRate', 'rate', 'capShortfall', 'binding'] as const;

function csvText(report: DynamicReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of report.rows) lines.push(CSV_COLUMNS.map((key) => row[key] ?? '').join(','));
  return `${lines.join('\n')}\n`;
}

function tableText(report: DynamicReport): string {
  const s = report.summary;
  const head = [
    `Dynamic margin  ${report.model.label}  over ${report.series.label} (${report.series.rows} rows, ${report.series.from} to ${report.series.to})`,
    `  z ${report.z ?? '--'}, MPOR ${report.model.mporSteps} step(s), floor ${report.model.floorRate}; first rate at ${report.firstRateAt ?? '--'}`,
    `  rate min ${s.minRate ?? '--'}, mean ${s.meanRate ?? '--'}, max ${s.maxRate ?? '--'}; capped steps ${s.cappedSteps}, largest cap shortfall ${s.maxCapShortfall ?? '--'}`,
    '',
  ];
  const rows = report.rows.filter((row) => row.rate !== null).map((row) => [row.time, row.price, row.sigma ?? '', row.calculatedRate ?? '', row.rate ?? '', row.capShortfall ?? '', row.binding ?? '']);
  const table = renderTable(
    [{ title: 'time', align: 'left' }, { title: 'price' }, { title: 'sigma' }, { title: 'calculated' }, { title: 'rate' }, { title: 'cap shortfall' }, { title: 'binding', align: 'left' }],
    rows,
  );
  return `${head.join('\n')}${table}\n${report.rounding}; --csv or --json for every field\n`;
}

export async function runDynamic(file: string, flags: DynamicFlags): Promise<string> {
  const [model] = parseModels(flags, 'ewma');
  if (model === undefined || (flags.model?.length ?? 0) > 1) throw new InputError(['--model'], 'margin dynamic takes one model (margin backtest compares several)');
  const series = await readSeries(file, flags, [model]);
  const rates = runModel(series, model);
  if (flags.chart !== undefined) {
    const html = flags.chart.toLowerCase().endsWith('.html') || flags.chart.toLowerCase().endsWith('.htm');
    await writeOutputFile(flags.chart, html ? dynamicChartHtml(series, rates) : `${dynamicChartSvg(series, rates)}\n`, '--chart');
  }
  const report = dynamicReport(series, rates);
  if (flags.commands !== undefined) {
    const rateAs = parseRateAs(flags.rateAs);
    return ndjson(rateCommands(report, { symbol: flags.commands, rateAs, modelSpec: flags.model?.[0] ?? 'ewma', idPrefix: flags.idPrefix ?? 'rates-' }));
  }
  if (flags.json === true) return `${JSON.stringify(report, null, 2)}\n`;
  if (flags.csv === true) return csvText(report);
  return tableText(report);
}

export const registerDynamic: RegisterCommand = (program, exit) => {
  addSeriesOptions(
    program
      .command('dynamic')
      .description('dynamic margin rate series of a model (EWMA, FHS, venue rules) over a price series, with anti-procyclicality tools; table, CSV, JSON, chart')
      .argument('<file>', 'price series, CSV (time,price columns) or JSON rows; - for standard input'),
  )
    .option('--json', 'print JSON (every number a decimal string)')
    .option('--csv', 'print the rate series as CSV')
    .option('--commands <symbol>', 'print NDJSON marginRates commands for SYMBOL (one per rate change) for `margin run`, instead of the report')
    .option('--rate-as <kind>', 'with --commands: the model rate is the first tier\'s "initial" (default) or "maintenance" rate')
    .option('--id-prefix <text>', 'with --commands: prefix of the command ids (default "rates-")')
    .option('--chart <file>', 'write a chart of the rate over |returns|: .svg, or .html for a self-contained page')
    .action(async (file: string, flags: DynamicFlags) => {
      process.stdout.write(await runDynamic(file, flags));
      exit.code = 0;
    });
};
