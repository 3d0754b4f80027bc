/**
 * `margin crypto-prices [--seed N] [--days N]`: a seeded daily crypto price path (fat tails,
 * volatility clustering, crash jumps; docs/dynamic-margin.md) as CSV, to feed `margin dynamic`
 * and `margin backtest`.
 */
import { cryptoPathCsv, cryptoPricePath } from '@margin/sim';
import type { RegisterCommand } from './command.js';
import { parseCount } from '../engine-io/options.js';

interface CryptoPricesFlags {
  readonly seed: string;
  readonly days: string;
}

export function runCryptoPrices(flags: CryptoPricesFlags): string {
  return cryptoPathCsv(cryptoPricePath({ seed: parseCount(flags.seed, 'seed', 0), days: parseCount(flags.days, 'days', 1) }));
}

export const registerCryptoPrices: RegisterCommand = (program, exit) => {
  program
    .command('crypto-prices')
    .description('seeded daily crypto price path (GARCH clustering, Student-t tails, crash jumps calibrated to Bitcoin crash days) as CSV')
    .option('--seed <n>', 'seed of the path', '1')
    .option('--days <n>', 'number of daily steps', '2000')
    .action((flags: CryptoPricesFlags) => {
      process.stdout.write(runCryptoPrices(flags));
      exit.code = 0;
    });
};
