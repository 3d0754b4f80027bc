/**
 * Writes a journal for a CLI test: NDJSON command lines through `margin run` into the SQLite file
 * `db`, output discarded; every line must apply (exit 0). The tests then read the journal with
 * the command under test (`margin state`, `margin stress`).
 */
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { runCommands } from '../commands/run.js';

export async function journalLines(db: string, lines: readonly string[]): Promise<void> {
  const sink = new PassThrough();
  sink.resume();
  const result = await runCommands(
    { db, input: '-', batchMax: 1000, batchDelayMs: 5, snapshotEvery: 100_000 },
    { stdin: Readable.from([`${lines.join('\n')}\n`]), stdout: sink, stderr: sink },
  );
  assert.equal(result.exitCode, 0);
}
