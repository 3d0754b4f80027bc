/**
 * `margin run`: NDJSON commands in, NDJSON events out, every accepted command journaled (SQLite
 * file or PostgreSQL) before its events are printed. Restarting with the same input is safe:
 * journaled commands come back as `duplicate` events and are not applied twice.
 * Exit codes: 0 all lines applied (or duplicates), 2 some lines were bad (reported on stderr as
 * `line N: <path>: <rule>`, the rest applied) or the journal is in use by another process (one
 * line, main.ts), 1 infrastructure failure or engine bug.
 */
import type { Readable } from 'node:stream';
import { open } from 'node:fs/promises';
import { InputError } from '@margin/core';
import { ID_WINDOW_DEFAULT } from '@margin/engine';
import {
  BATCH_DELAY_MS_DEFAULT,
  BATCH_MAX_COMMANDS_DEFAULT,
  DurableHost,
  SNAPSHOT_EVERY_DEFAULT,
  type SubmittedCommand,
} from '@margin/host';
import { DEFAULT_SQLITE_PATH, openJournal } from '@margin/store';
import type { RegisterCommand } from './command.js';
import { lineChunks } from '../engine-io/line-chunks.js';
import { parseCommandLine } from '../engine-io/command-line.js';
import { EventOutput } from '../engine-io/event-output.js';
import { Progress, type RunCounts } from '../engine-io/progress.js';
import { parseCount } from '../engine-io/options.js';

export interface RunOptions {
  readonly db: string;
  readonly input: string;
  readonly profile?: string;
  /** Ids per generation of the engine's idempotency window (a new journal's; see docs/cli-run.md). */
  readonly idWindow?: number;
  readonly batchMax: number;
  readonly batchDelayMs: number;
  readonly snapshotEvery: number;
  /** Retention: archive the entries behind each verified snapshot (SQLite; docs/durability.md). */
  readonly archive?: boolean;
  readonly progress?: boolean;
}

export interface RunStreams {
  readonly stdin: Readable;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface RunResult {
  readonly exitCode: number;
  readonly counts: RunCounts;
  readonly lastSeq: number;
}

export async function runCommands(options: RunOptions, streams: RunStreams): Promise<RunResult> {
  const input = await openInput(options.input, streams.stdin);
  const output = new EventOutput(streams.stdout);
  const progress = new Progress(streams.stderr, options.progress ?? streams.stderr.isTTY === true);
  // Events on the same terminal as the progress line: clear the line before printing them.
  const sharedTerminal = streams.stdout.isTTY === true && streams.stderr.isTTY === true;
  const journal = await openJournal(options.db);
  let engine: DurableHost;
  try {
    engine = await DurableHost.open(journal, {
      ...(options.profile === undefined ? {} : { profile: options.profile }),
      ...(options.idWindow === undefined ? {} : { idWindow: options.idWindow }),
      batchMaxCommands: options.batchMax,
      batchDelayMs: options.batchDelayMs,
      snapshotEvery: options.snapshotEvery,
      ...(options.archive === true ? { archive: true } : {}),
    });
    engine.subscribe((batch) => {
      if (sharedTerminal) progress.clear();
      return output.writeLines(batch.eventTexts);
    });
  } catch (error) {
    await journal.close();
    input.destroy();
    throw error;
  }
  const counts: RunCounts = { lines: 0, badLines: 0, applied: 0, rejected: 0, duplicates: 0 };
  try {
    for await (const chunk of lineChunks(input, options.batchMax)) {
      const submitted: SubmittedCommand[] = [];
      for (const line of chunk) {
        const outcome = parseCommandLine(line);
        if (outcome.kind === 'blank') continue;
        counts.lines++;
        if (outcome.kind === 'bad') {
          counts.badLines++;
          progress.clear();
          streams.stderr.write(`${outcome.message}\n`);
        } else {
          submitted.push(outcome.submitted);
        }
      }
      if (submitted.length > 0) await engine.submit(submitted);
      Object.assign(counts, { applied: engine.stats.applied, rejected: engine.stats.rejected, duplicates: engine.stats.duplicates });
      progress.tick(counts);
    }
    await engine.close();
  } catch (error) {
    // Commit what was sound before the failure, then report it.
    await engine.close().catch(() => undefined);
    progress.clear();
    throw error;
  }
  // A batch whose timer commit failed after the last submit (another process took its seq): no
  // later submit or flush threw it (close() does not flush a failed host), so it is read here.
  if (engine.failed !== null) {
    progress.clear();
    throw engine.failed;
  }
  Object.assign(counts, { applied: engine.stats.applied, rejected: engine.stats.rejected, duplicates: engine.stats.duplicates });
  progress.summary(counts, engine.lastSeq);
  return { exitCode: counts.badLines > 0 ? 2 : 0, counts, lastSeq: engine.lastSeq };
}

async function openInput(source: string, stdin: Readable): Promise<Readable> {
  if (source === '-') return stdin;
  try {
    const handle = await open(source, 'r');
    return handle.createReadStream(); // bytes: lineChunks decodes each line as UTF-8, strictly
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new InputError(['input'], `cannot read "${source}" (${code})`);
  }
}

interface RunFlags {
  readonly db: string;
  readonly input: string;
  readonly profile?: string;
  readonly idWindow?: string;
  readonly batchMax: string;
  readonly batchDelayMs: string;
  readonly snapshotEvery: string;
  readonly archive?: boolean;
  readonly progress?: boolean;
}

export const registerRun: RegisterCommand = (program, exit) => {
  program
    .command('run')
    .description('apply NDJSON commands, journal them, print the resulting events as NDJSON (see docs/cli-run.md)')
    .option('--db <path|url>', 'journal: a SQLite file path or a postgres:// URL', DEFAULT_SQLITE_PATH)
    .option('--input <file>', 'NDJSON command file, or - for standard input', '-')
    .option('--profile <name>', 'methodology profile of a new journal (default generic); must match an existing one')
    .option('--id-window <n>', `command ids per generation of the engine's idempotency window of a new journal (default ${ID_WINDOW_DEFAULT}); older ids are found in the journal`)
    .option('--batch-max <n>', 'commands per group commit at most', String(BATCH_MAX_COMMANDS_DEFAULT))
    .option('--batch-delay-ms <ms>', 'longest wait before a partial batch commits', String(BATCH_DELAY_MS_DEFAULT))
    .option('--snapshot-every <n>', 'commands between state snapshots (0: only at the end)', String(SNAPSHOT_EVERY_DEFAULT))
    .option('--archive', 'retention: after each snapshot, move older entries to <db>-archive (SQLite; see docs/durability.md)')
    .option('--progress', 'show progress and a summary on stderr (default: when stderr is a terminal)')
    .option('--no-progress', 'never show progress or the summary')
    .action(async (flags: RunFlags) => {
      const result = await runCommands(
        {
          db: flags.db,
          input: flags.input,
          ...(flags.profile === undefined ? {} : { profile: flags.profile }),
          ...(flags.idWindow === undefined ? {} : { idWindow: parseCount(flags.idWindow, 'id-window', 1) }),
          batchMax: parseCount(flags.batchMax, 'batch-max', 1),
          batchDelayMs: parseCount(flags.batchDelayMs, 'batch-delay-ms', 0),
          snapshotEvery: parseCount(flags.snapshotEvery, 'snapshot-every', 0),
          ...(flags.archive === true ? { archive: true } : {}),
          ...(flags.progress === undefined ? {} : { progress: flags.progress }),
        },
        { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
      );
      exit.code = result.exitCode;
    });
};
