/**
 * The `margin` command. Exit codes: 0 success, 2 bad input (one line naming the field and the
 * rule) or a journal in use by another process, 1 anything else (a bug or an infrastructure
 * failure, with its message; an engine bug with its stack).
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '@margin/core';
import { HostError } from '@margin/host';
import { COMMANDS } from './commands/all.js';
import type { ExitCode } from './commands/command.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

function buildProgram(exit: ExitCode): Command {
  const program = new Command('margin')
    .description('Exact futures-margining engine for crypto derivatives')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const register of COMMANDS) register(program, exit);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const exit: ExitCode = { code: EXIT_OK };
  const program = buildProgram(exit);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT_OK; // --help, --version
      return EXIT_BAD_INPUT; // commander already printed the reason
    }
    if (error instanceof InputError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof HostError && error.kind !== 'engine-failed') {
      // One line: another process writes to this journal (a running server, another run: exit 2,
      // like bad input, nothing to debug), or the journal failed or does not replay (exit 1).
      process.stderr.write(`error: ${error.message}\n`);
      return error.kind === 'journal-in-use' ? EXIT_BAD_INPUT : EXIT_FAILURE;
    }
    const bug = error instanceof HostError && error.cause instanceof Error ? error.cause : error;
    process.stderr.write(`internal error: ${bug instanceof Error ? (bug.stack ?? bug.message) : String(bug)}\n`);
    return EXIT_FAILURE;
  }
}
