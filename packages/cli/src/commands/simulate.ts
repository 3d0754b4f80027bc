/**
 * `margin simulate --seed N --accounts K --scenario NAME [--profile P] [--out DIR]`, or with a
 * custom price path and a population file, `--path FILE --population FILE --seed 1..5 --profile
 * generic,binance-usdm` (every seed x profile; a `sweep.csv` of the runs side by side): a seeded
 * crash simulation through the engine (in memory, the same `applyCommand` path as `margin run`):
 * a population with varied leverage and margin modes on a linear and an inverse perpetual, a price
 * path with a gap, the liquidation promises checked after every step. Prints a summary, writes the
 * time series as CSV and a self-contained HTML report, shows progress on stderr.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { InputError, PROFILE_NAMES, decimalProblem, venueMargin } from '@margin/core';
import type { RegisterCommand } from './command.js';
import { parseCount } from '../engine-io/options.js';
import {
  CRASH_SYMBOLS,
  SCENARIO_NAMES,
  csvReport,
  findScenario,
  htmlReport,
  outcomesCsv,
  parsePopulationFile,
  pathScenario,
  runSimulation,
  textSummary,
  type PopulationGroup,
  type Scenario,
  type SimulationProgress,
  type SimulationResult,
} from '@margin/sim';
import { readTextInput } from '../io.js';
import { readSeries } from '../dynamic-io/series-io.js';
import { sweepCsv } from '../sim-io/sweep.js';

export interface SimulateOptions {
  readonly seed: number;
  readonly accounts: number;
  readonly scenario: string;
  readonly profile: string;
  readonly out: string;
  readonly fundRatio: number;
  readonly progress: boolean;
  /** A price path file instead of `scenario` (custom-path.ts in @margin/sim). */
  readonly pathFile?: string | undefined;
  /** Longest step of the path file (`3d`, `1h`); default 10 x its median step. */
  readonly maxGap?: string | undefined;
  /** A population file instead of the built-in population (population-file.ts in @margin/sim). */
  readonly populationFile?: string | undefined;
}

export interface SimulateOutput {
  readonly result: SimulationResult;
  readonly summary: string;
  readonly csvPath: string;
  readonly htmlPath: string;
  /** Per-account outcomes, next to the time series. */
  readonly accountsPath: string;
}

const REFRESH_MS = 250;

function progressWriter(stderr: NodeJS.WritableStream & { isTTY?: boolean }, enabled: boolean): { report: (p: SimulationProgress) => void; done: () => void } {
  let lastMs = 0;
  let lastTenth = -1;
  let drawn = false;
  const tty = stderr.isTTY === true;
  return {
    report(p) {
      if (!enabled) return;
      const line = `${p.phase === 'setup' ? 'setting up' : 'simulating'}: ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}${p.phase === 'steps' ? ` steps, ${p.liquidations.toLocaleString('en-US')} liquidations` : ' commands'}`;
      if (tty) {
        const now = Date.now();
        if (now - lastMs < REFRESH_MS && p.done !== p.total) return;
        lastMs = now;
        drawn = true;
        stderr.write(`\r\x1b[K${line}`);
        return;
      }
      // Not a terminal: one line per tenth of the steps.
      if (p.phase !== 'steps') return;
      const tenth = Math.floor((p.done * 10) / p.total);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stderr.write(`${line}\n`);
    },
    done() {
      if (drawn) stderr.write('\r\x1b[K');
    },
  };
}

/** The run's price path: a named scenario, or a path file. */
async function scenarioOf(options: SimulateOptions): Promise<Scenario> {
  if (options.pathFile !== undefined) {
    const series = await readSeries(options.pathFile, { ...(options.maxGap === undefined ? {} : { maxGap: options.maxGap }) }, []);
    const name = options.pathFile === '-' ? 'path-stdin' : `path-${basename(options.pathFile, extname(options.pathFile))}`;
    return pathScenario(series, name);
  }
  const scenario = findScenario(options.scenario);
  if (scenario === undefined) throw new InputError(['scenario'], `must be one of ${SCENARIO_NAMES.map((n) => `"${n}"`).join(', ')}, got "${options.scenario}"`);
  return scenario;
}

async function populationOf(options: SimulateOptions): Promise<PopulationGroup[] | undefined> {
  if (options.populationFile === undefined) return undefined;
  const text = await readTextInput(options.populationFile, '--population');
  return parsePopulationFile(text, options.populationFile, CRASH_SYMBOLS);
}

export async function simulateCommand(options: SimulateOptions, stderr: NodeJS.WritableStream & { isTTY?: boolean }, inputs?: { scenario: Scenario; population: PopulationGroup[] | undefined }): Promise<SimulateOutput> {
  const scenario = inputs?.scenario ?? (await scenarioOf(options));
  const population = inputs === undefined ? await populationOf(options) : inputs.population;
  venueMargin(options.profile); // unknown name, or a venue without margin rules: one line
  const progress = progressWriter(stderr, options.progress);
  const result = runSimulation({
    seed: options.seed,
    accounts: options.accounts,
    scenario,
    profile: options.profile,
    fundRatio: options.fundRatio,
    ...(population === undefined ? {} : { population }),
    onProgress: progress.report,
  });
  progress.done();
  const dir = resolve(options.out);
  await mkdir(dir, { recursive: true });
  const base = `${scenario.name}-seed${options.seed}-${options.profile}`;
  const csvPath = join(dir, `${base}.csv`);
  const htmlPath = join(dir, `${base}.html`);
  const accountsPath = join(dir, `${base}-accounts.csv`);
  await writeFile(csvPath, csvReport(result));
  await writeFile(htmlPath, htmlReport(result, scenario.description));
  await writeFile(accountsPath, outcomesCsv(result.accounts));
  const summary = `${textSummary(result)}wrote ${csvPath}\nwrote ${htmlPath}\nwrote ${accountsPath}\n`;
  return { result, summary, csvPath, htmlPath, accountsPath };
}

/** Every seed x profile over one path and population; `sweep.csv` beside the runs when there are several. */
export async function simulateSweep(options: SimulateOptions, seeds: readonly number[], profiles: readonly string[], stderr: NodeJS.WritableStream & { isTTY?: boolean }): Promise<string> {
  for (const profile of profiles) venueMargin(profile); // every name checked before the first run
  const inputs = { scenario: await scenarioOf(options), population: await populationOf(options) };
  const outputs: SimulateOutput[] = [];
  let text = '';
  for (const profile of profiles) {
    for (const seed of seeds) {
      const output = await simulateCommand({ ...options, seed, profile }, stderr, inputs);
      outputs.push(output);
      text += output.summary;
    }
  }
  if (outputs.length > 1) {
    const sweepPath = join(resolve(options.out), 'sweep.csv');
    await writeFile(sweepPath, sweepCsv(outputs.map((output) => ({ result: output.result, csvPath: output.csvPath, accountsPath: output.accountsPath }))));
    text += `wrote ${sweepPath}\n`;
  }
  return text;
}

interface SimulateFlags {
  readonly seed: string;
  readonly accounts: string;
  readonly scenario?: string;
  readonly path?: string;
  readonly maxGap?: string;
  readonly population?: string;
  readonly profile: string;
  readonly out: string;
  readonly fundRatio: string;
  readonly progress: boolean;
}

/** `3`, `1,2,5` or `1..5`: the seeds of a sweep. */
export function parseSeeds(text: string): number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(text);
  if (range !== null) {
    const from = parseCount(range[1] ?? '', 'seed', 0);
    const to = parseCount(range[2] ?? '', 'seed', from);
    if (to - from >= 1000) throw new InputError(['seed'], `a sweep takes at most 1000 seeds, got "${text}"`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  const seeds = text.split(',').map((part) => parseCount(part.trim(), 'seed', 0));
  if (new Set(seeds).size !== seeds.length) throw new InputError(['seed'], `names a seed twice: "${text}"`);
  return seeds;
}

export function parseProfiles(text: string): string[] {
  const profiles = text.split(',').map((part) => part.trim());
  if (profiles.some((profile) => profile === '')) throw new InputError(['profile'], `must be profile names separated by commas, got "${text}"`);
  if (new Set(profiles).size !== profiles.length) throw new InputError(['profile'], `names a profile twice: "${text}"`);
  return profiles;
}

function parseRatio(text: string): number {
  const problem = decimalProblem(text);
  const value = Number(text);
  if (problem !== null || !(value >= 0 && value <= 1)) throw new InputError(['fund-ratio'], `must be a decimal from 0 to 1, got "${text}"`);
  return value;
}

export const registerSimulate: RegisterCommand = (program, exit) => {
  program
    .command('simulate')
    .description('seeded crash simulation through the engine: liquidations, insurance fund, ADL; CSV and HTML report (see docs/liquidation.md)')
    .option('--scenario <name>', `price path: ${SCENARIO_NAMES.join(', ')} (or --path)`)
    .option('--path <file>', 'custom price path, CSV or JSON (time,price): every market moves by its return since the first row (docs/stress.md)')
    .option('--max-gap <duration>', 'with --path: longest step between rows, e.g. 1h, 3d (default: 10 x the median step)')
    .option('--population <file>', 'population file (CSV: group,count,symbol,side,leverageMin,leverageMax,depositMin,depositMax[,isolated]) instead of --accounts')
    .option('--seed <n>', 'seed of the population and the price path; a sweep: 1,2,5 or 1..5', '1')
    .option('--accounts <k>', 'number of traders (market makers are added)', '10000')
    .option('--profile <name>', `methodology profile (${PROFILE_NAMES.join(', ')}); a sweep: comma-separated`, 'generic')
    .option('--out <dir>', 'folder for the CSV and HTML report', 'simulation')
    .option('--fund-ratio <r>', 'insurance fund at the start, as a share of each market\'s open interest', '0.002')
    .option('--no-progress', 'no progress on stderr')
    .action(async (flags: SimulateFlags) => {
      if ((flags.scenario === undefined) === (flags.path === undefined)) throw new InputError(['scenario'], 'give either --scenario NAME or --path FILE');
      if (flags.maxGap !== undefined && flags.path === undefined) throw new InputError(['max-gap'], 'applies to --path only');
      const seeds = parseSeeds(flags.seed);
      const profiles = parseProfiles(flags.profile);
      const text = await simulateSweep(
        {
          seed: seeds[0] ?? 1,
          accounts: parseCount(flags.accounts, 'accounts', 1),
          scenario: flags.scenario ?? '',
          profile: profiles[0] ?? 'generic',
          out: flags.out,
          fundRatio: parseRatio(flags.fundRatio),
          progress: flags.progress,
          pathFile: flags.path,
          maxGap: flags.maxGap,
          populationFile: flags.population,
        },
        seeds,
        profiles,
        process.stderr,
      );
      process.stdout.write(text);
      exit.code = 0;
    });
};
