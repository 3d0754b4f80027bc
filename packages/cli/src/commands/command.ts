import type { Command } from 'commander';

/** Where a command reports its exit code (0 ok; errors are thrown and mapped in main). */
export interface ExitCode {
  code: number;
}

/** Each CLI command lives in its own file and registers itself on the program. */
export type RegisterCommand = (program: Command, exit: ExitCode) => void;
