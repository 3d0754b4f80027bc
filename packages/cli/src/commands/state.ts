/**
 * `margin state`: the state a journal holds, rebuilt the way a restart rebuilds it (latest
 * snapshot + replay, each replayed command checked against its journaled events). Read-only:
 * it never creates a journal or writes a snapshot.
 */
import { Option } from 'commander';
import { InputError } from '@margin/core';
import { accountIds, accountRiskJson, stateHash } from '@margin/engine';
import { recoverJournal } from '@margin/host';
import { DEFAULT_SQLITE_PATH, openJournal } from '@margin/store';
import type { RegisterCommand } from './command.js';
import { adlTable } from './state-adl.js';

export interface StateOptions {
  readonly db: string;
  readonly hash?: boolean;
  readonly account?: string;
  readonly asset?: string;
  readonly json?: boolean;
  /** With `account`: each position's ADL rank (table, or in the JSON with `json`). */
  readonly adl?: boolean;
  /** Replay from the first journal entry, ignoring snapshots. */
  readonly fullReplay?: boolean;
}

/** Output text of `margin state` for these options. */
export async function stateCommand(options: StateOptions): Promise<string> {
  const journal = await openJournal(options.db, { readOnly: true });
  try {
    const recovered = await recoverJournal(journal, { fromScratch: options.fullReplay === true });
    const { state } = recovered;
    const profile = recovered.engine.profile;
    if (options.hash === true) return `${stateHash(state)}\n`;
    if (options.adl === true && options.account === undefined) throw new InputError(['adl'], 'needs --account (the ADL ranks of one account\'s positions)');
    if (options.account !== undefined) {
      const risk = accountRiskJson(state, options.account, options.asset, { adl: options.adl === true });
      if (risk === null) {
        const what = options.asset === undefined ? `"${options.account}"` : `"${options.account}" with asset "${options.asset}"`;
        throw new InputError(['account'], `no account ${what} in the journal at ${journal.location}`);
      }
      if (options.adl === true && options.json !== true) return adlTable(risk, options.account);
      return `${JSON.stringify(risk, null, 2)}\n`;
    }
    return [
      `journal       ${journal.location} (${journal.kind})`,
      `profile       ${profile}`,
      `last seq      ${recovered.lastSeq}`,
      `rebuilt from  ${recovered.snapshotSeq === 0 ? 'the first command' : `snapshot at seq ${recovered.snapshotSeq}`} + ${recovered.replayed} replayed`,
      `state hash    ${stateHash(state)}`,
      `accounts      ${accountIds(state).length}`,
      '',
    ].join('\n');
  } finally {
    await journal.close();
  }
}

export const registerState: RegisterCommand = (program, exit) => {
  program
    .command('state')
    .description('state hash or one account\'s risk, rebuilt from a journal written by `margin run`')
    .option('--db <path|url>', 'journal: a SQLite file path or a postgres:// URL', DEFAULT_SQLITE_PATH)
    .addOption(new Option('--hash', 'print the state hash (hex SHA-256 of the canonical snapshot)').conflicts('account'))
    .option('--account <id>', 'print this account\'s risk (the shape of `margin risk --json`)')
    .option('--asset <asset>', 'with --account: the cross pool of this settle asset')
    .option('--json', 'with --account: JSON output (the default without --adl)')
    .option('--adl', 'with --account: each position\'s ADL rank in its symbol and side (a table; with --json an adl object per position)')
    .option('--full-replay', 'rebuild from the first command, ignoring snapshots (audit)')
    .action(async (options: StateOptions) => {
      process.stdout.write(await stateCommand(options));
      exit.code = 0;
    });
};
