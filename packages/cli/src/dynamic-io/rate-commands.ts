/**
 * `margin dynamic FILE --commands SYMBOL`: the rate series as NDJSON `marginRates` commands for
 * `margin run` (ADR 0025). One command per step where the charged rate changes (the first rated
 * step always), at the step's time, with the model's spelling, its settings and the step's
 * figures as `inputs`, and the cap's shortfall when a cap bound. The model's rate is the first
 * tier's initial rate (or its maintenance rate with `--rate-as maintenance`); the engine moves the
 * other rate and the other tiers by the same factor on the venue's table. Each line is checked by
 * the wire contract's parser before it is printed, so a line that prints is a line the engine reads.
 */
import { InputError, type DynamicReport } from '@margin/core';
import { MARGIN_RATES_INPUTS_MAX, parseCommand } from '@margin/wire';

export type RateAs = 'initial' | 'maintenance';

export interface RateCommandOptions {
  readonly symbol: string;
  readonly rateAs: RateAs;
  /** The model as the user spelled it (`ewma:floor=0.01`), carried as the command's `model`. */
  readonly modelSpec: string;
  /** Prefix of the command ids (ids stay the same on a rerun, so a second `margin run` is a duplicate). */
  readonly idPrefix: string;
}

export function parseRateAs(value: string | undefined): RateAs {
  if (value === undefined || value === 'initial') return 'initial';
  if (value === 'maintenance') return 'maintenance';
  throw new InputError(['--rate-as'], `must be "initial" or "maintenance", got "${value}"`);
}

/** Settings of the model that have a value, as strings (the command's `inputs` are strings). */
function settingInputs(report: DynamicReport): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(report.model)) if (value !== null && key !== 'label') inputs[key] = String(value);
  return inputs;
}

export function rateCommands(report: DynamicReport, options: RateCommandOptions): Record<string, unknown>[] {
  const settings = settingInputs(report);
  const commands: Record<string, unknown>[] = [];
  let last: string | null = null;
  report.rows.forEach((row, index) => {
    if (row.rate === null || row.rate === last) return;
    last = row.rate;
    const figures: Record<string, string> = { price: row.price };
    if (row.sigma !== null) figures['sigma'] = row.sigma;
    if (row.modelRate !== null) figures['modelRate'] = row.modelRate;
    if (row.calculatedRate !== null) figures['calculatedRate'] = row.calculatedRate;
    if (row.binding !== null) figures['binding'] = row.binding;
    if (report.z !== null) figures['z'] = report.z;
    const inputs = Object.fromEntries(Object.entries({ ...figures, ...settings }).slice(0, MARGIN_RATES_INPUTS_MAX));
    const shortfall = row.capShortfall !== null && Number(row.capShortfall) > 0 ? { capShortfall: row.capShortfall } : {};
    const command = {
      type: 'marginRates',
      id: `${options.idPrefix}${options.symbol}-${row.time}`,
      symbol: options.symbol,
      time: row.time,
      [options.rateAs === 'initial' ? 'initialRate' : 'maintenanceRate']: row.rate,
      model: options.modelSpec,
      inputs,
      ...shortfall,
    };
    try {
      parseCommand(command);
    } catch (error) {
      if (error instanceof InputError) throw new InputError(['--commands'], `row ${index + 1} (${row.time}) gives no valid command: ${error.message}`);
      throw error;
    }
    commands.push(command);
  });
  return commands;
}

export function ndjson(commands: readonly Record<string, unknown>[]): string {
  return commands.map((command) => `${JSON.stringify(command)}\n`).join('');
}
