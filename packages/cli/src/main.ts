/**
 * The `margin` command. Exit codes: 0 success, 2 bad input (one line naming the field and the
 * rule), 1 anything else (a bug or an infrastructure failure, with its message).
 */
import { Command, CommanderError } from 'commander';
import { InputError, PROFILE_NAMES } from '@margin/core';
import { riskCommand } from './risk-command.js';
import { profilesCommand } from './profiles-command.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

function buildProgram(output: { code: number }): Command {
  const program = new Command('margin')
    .description('Exact futures-margining engine for crypto derivatives')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('risk')
    .description('margin, liquidation and bankruptcy prices of one account (JSON file, or - for stdin)')
    .argument('<file>', 'input JSON file, or - for standard input')
    .option('--json', 'print JSON (every number a decimal string)')
    .option('--profile <name>', `methodology profile (${PROFILE_NAMES.join(', ')})`)
    .action(async (file: string, options: { json?: boolean; profile?: string }) => {
      const result = await riskCommand(file, options);
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
      process.stdout.write(result.stdout);
      output.code = EXIT_OK;
    });

  program
    .command('profiles')
    .description('list methodology profiles, or show one with its tier snapshots')
    .argument('[name]', 'profile name')
    .option('--json', 'print JSON')
    .action((name: string | undefined, options: { json?: boolean }) => {
      process.stdout.write(profilesCommand(name, options));
      output.code = EXIT_OK;
    });
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const output = { code: EXIT_OK };
  const program = buildProgram(output);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return output.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT_OK; // --help, --version
      return EXIT_BAD_INPUT; // commander already printed the reason
    }
    if (error instanceof InputError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILURE;
  }
}
