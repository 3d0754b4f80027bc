/**
 * `margin simulate --seed N --accounts K --scenario NAME [--profile P] [--out DIR]`: a seeded
 * crash simulation through the engine (in memory, the same `applyCommand` path as `margin run`):
 * a population with varied leverage and margin modes on a linear and an inverse perpetual, a price
 * path with a gap, the liquidation promises checked after every step. Prints a summary, writes the
 * time series as CSV and a self-contained HTML report, shows progress on stderr.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError, PROFILE_NAMES, decimalProblem, venueMargin } from '@margin/core';
import type { RegisterCommand } from './command.js';
import { parseCount } from '../engine-io/options.js';
import { SCENARIO_NAMES, csvReport, findScenario, htmlReport, runSimulation, textSummary, type SimulationProgress, type SimulationResult } from '@margin/sim';

export interface SimulateOptions {
  readonly seed: number;
  readonly accounts: number;
  readonly scenario: string;
  readonly profile: string;
  readonly out: string;
  readonly fundRatio: number;
  readonly progress: boolean;
}

export interface SimulateOutput {
  readonly result: SimulationResult;
  readonly summary: string;
  readonly csvPath: string;
  readonly htmlPath: string;
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

export async function simulateCommand(options: SimulateOptions, stderr: NodeJS.WritableStream & { isTTY?: boolean }): Promise<SimulateOutput> {
  const scenario = findScenario(options.scenario);
  if (scenario === undefined) throw new InputError(['scenario'], `must be one of ${SCENARIO_NAMES.map((n) => `"${n}"`).join(', ')}, got "${options.scenario}"`);
  venueMargin(options.profile); // unknown name, or a venue without margin rules: one line
  const progress = progressWriter(stderr, options.progress);
  const result = runSimulation({ seed: options.seed, accounts: options.accounts, scenario, profile: options.profile, fundRatio: options.fundRatio, onProgress: progress.report });
  progress.done();
  const dir = resolve(options.out);
  await mkdir(dir, { recursive: true });
  const base = `${scenario.name}-seed${options.seed}-${options.profile}`;
  const csvPath = join(dir, `${base}.csv`);
  const htmlPath = join(dir, `${base}.html`);
  await writeFile(csvPath, csvReport(result));
  await writeFile(htmlPath, htmlReport(result, scenario.description));
  const summary = `${textSummary(result)}wrote ${csvPath}\nwrote ${htmlPath}\n`;
  return { result, summary, csvPath, htmlPath };
}

interface SimulateFlags {
  readonly seed: string;
  readonly accounts: string;
  readonly scenario: string;
  readonly profile: string;
  readonly out: string;
  readonly fundRatio: string;
  readonly progress: boolean;
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
    .requiredOption('--scenario <name>', `price path: ${SCENARIO_NAMES.join(', ')}`)
    .option('--seed <n>', 'seed of the population and the price path', '1')
    .option('--accounts <k>', 'number of traders (market makers are added)', '10000')
    .option('--profile <name>', `methodology profile (${PROFILE_NAMES.join(', ')})`, 'generic')
    .option('--out <dir>', 'folder for the CSV and HTML report', 'simulation')
    .option('--fund-ratio <r>', 'insurance fund at the start, as a share of each market\'s open interest', '0.002')
    .option('--no-progress', 'no progress on stderr')
    .action(async (flags: SimulateFlags) => {
      const output = await simulateCommand(
        {
          seed: parseCount(flags.seed, 'seed', 0),
          accounts: parseCount(flags.accounts, 'accounts', 1),
          scenario: flags.scenario,
          profile: flags.profile,
          out: flags.out,
          fundRatio: parseRatio(flags.fundRatio),
          progress: flags.progress,
        },
        process.stderr,
      );
      process.stdout.write(output.summary);
      exit.code = 0;
    });
};
