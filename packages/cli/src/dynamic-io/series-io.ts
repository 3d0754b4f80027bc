/** Shared flags of `margin dynamic` and `margin backtest`: read the price series, the model specs, write a chart file. */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError, parseDuration, parseModelSpec, parsePriceSeries, type ModelConfig, type PriceSeries } from '@margin/core';
import { readTextInput } from '../io.js';

export interface SeriesFlags {
  readonly format?: string;
  readonly timeColumn?: string;
  readonly priceColumn?: string;
  readonly maxGap?: string;
  readonly model?: readonly string[];
}

export function addSeriesOptions(command: Command): Command {
  return command
    .option('--format <format>', 'csv or json (default: from the file extension; stdin is json)')
    .option('--time-column <name>', 'time column (default: time, date or timestamp)')
    .option('--price-column <name>', 'price column (default: price, close or mark)')
    .option('--max-gap <duration>', 'longest step between rows, e.g. 3d, 2h, 90m (default: 10 x the median step)')
    .option('--model <spec>', 'model, KIND[:key=value,...], e.g. ewma:lambda=0.94,q=0.99,mpor=2,floor=0.02,buffer=0.25,cap=0.5 (docs/dynamic-margin.md); repeatable', collect);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Columns the models need beyond time and price (dYdX open interest, Drift size), when read from the series. */
function extraColumns(models: readonly ModelConfig[]): string[] {
  const names = new Set<string>();
  for (const model of models) {
    if (model.kind === 'dydx-oi' && model.openInterest === null) names.add(model.openInterestColumn);
    if (model.kind === 'drift-size' && model.size === null) names.add(model.sizeColumn);
  }
  return [...names];
}

export function parseModels(flags: SeriesFlags, fallback: string): ModelConfig[] {
  const specs = flags.model ?? [fallback];
  return specs.map((spec, i) => parseModelSpec(spec, specs.length === 1 ? ['--model'] : ['--model', i]));
}

export async function readSeries(file: string, flags: SeriesFlags, models: readonly ModelConfig[]): Promise<PriceSeries> {
  const format = flags.format ?? (file.toLowerCase().endsWith('.csv') ? 'csv' : 'json');
  if (format !== 'csv' && format !== 'json') throw new InputError(['--format'], `must be "json" or "csv", got "${format}"`);
  const text = await readTextInput(file, 'FILE');
  return parsePriceSeries(text, {
    format,
    label: file === '-' ? 'stdin' : file,
    ...(flags.timeColumn === undefined ? {} : { timeField: flags.timeColumn }),
    ...(flags.priceColumn === undefined ? {} : { priceField: flags.priceColumn }),
    ...(flags.maxGap === undefined ? {} : { maxGapMs: parseDuration(flags.maxGap, ['--max-gap']) }),
    extraFields: extraColumns(models),
  });
}

export async function writeOutputFile(path: string, text: string, flag: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    throw new InputError([flag], `cannot write "${path}" (${(error as NodeJS.ErrnoException).code ?? 'write error'})`);
  }
}

/** A progress bar on stderr, drawn only on a terminal. */
export function progressBar(stderr: NodeJS.WritableStream & { isTTY?: boolean }, label: string): { update: (done: number, total: number) => void; done: () => void } {
  const tty = stderr.isTTY === true;
  let drawn = false;
  return {
    update(done, total) {
      if (!tty) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      stderr.write(`\r\x1b[K${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    done() {
      if (drawn) stderr.write('\r\x1b[K');
    },
  };
}
