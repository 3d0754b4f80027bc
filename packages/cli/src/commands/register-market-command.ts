/** The shared shape of `margin index|mark|funding|settle`: one input file, --json, --profile, --format, --set. */
import type { Command } from 'commander';
import type { ExitCode } from './command.js';
import { MARKET_PROFILE_HELP, collectSet, type MarketOptions } from '../market-io/command-io.js';

export interface MarketCommandSpec {
  readonly name: string;
  readonly description: string;
  readonly fileHelp: string;
  /** Example for the --set help, e.g. `--set indexPrice=10000`. */
  readonly setExample: string;
  readonly run: (file: string, options: MarketOptions) => Promise<{ stdout: string; warnings: readonly string[] }>;
}

export function registerMarketCommand(program: Command, exit: ExitCode, spec: MarketCommandSpec): void {
  program
    .command(spec.name)
    .description(spec.description)
    .argument('<file>', spec.fileHelp)
    .option('--json', 'print JSON (every number a decimal string)')
    .option('--profile <name>', MARKET_PROFILE_HELP)
    .option('--format <format>', 'json or csv (default: from the file extension; stdin is json)')
    .option('--set <key=value>', `set an input field (repeatable), e.g. ${spec.setExample}`, collectSet)
    .action(async (file: string, options: MarketOptions) => {
      const result = await spec.run(file, options);
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
      process.stdout.write(result.stdout);
      exit.code = 0;
    });
}
