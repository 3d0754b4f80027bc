/**
 * `margin run` on a journal that another process writes to (a running server holds it): one line
 * naming the journal, exit code 2, no stack trace. The "server" is a durable host in this process;
 * `margin run` is a real child process. The second test takes the order the first one meets only
 * under load: the run's batch timer commits (and fails) while its input is still open, so the
 * failure is known before the input ends and the run closes.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DurableHost } from '@margin/host';
import { SqliteJournal } from '@margin/store';
import { runCommands } from './run.js';

const BIN = fileURLToPath(new URL('../../bin/margin.js', import.meta.url));
const deposit = (id: string) => ({ type: 'deposit', id, account: 'alice', asset: 'USDT', amount: '10' });

it('margin run on a journal a server holds says "journal in use by another process" and exits 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'margin-in-use-'));
  const db = join(dir, 'journal.sqlite');
  const server = await DurableHost.open(SqliteJournal.open(db), { batchDelayMs: 1 });
  try {
    await server.executeJson([deposit('by-server-1')]);
    const child = spawn(process.execPath, [BIN, 'run', '--db', db, '--input', '-', '--no-progress'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // A known id first: its `duplicate` line shows the run has recovered the journal at seq 1.
    const recovered = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('"duplicate"')) resolve();
      }),
    );
    child.stdin.write(`${JSON.stringify(deposit('by-server-1'))}\n`);
    await recovered;
    await server.executeJson([deposit('by-server-2')]); // the server takes seq 2
    child.stdin.end(`${JSON.stringify(deposit('by-run'))}\n`); // the run applies it as seq 2 too
    assert.equal(await exited, 2);
    assert.equal(stderr, `error: journal in use by another process: ${db}\n`);
    assert.equal(stdout, '{"type":"duplicate","seq":1,"commandId":"by-server-1","command":"deposit"}\n', 'nothing of the refused batch was printed');
    assert.equal(server.lastSeq, 2);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('a batch that fails on its timer before the input ends still fails the run (journal in use)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'margin-in-use-timer-'));
  const db = join(dir, 'journal.sqlite');
  const server = await DurableHost.open(SqliteJournal.open(db), { batchDelayMs: 1 });
  try {
    await server.executeJson([deposit('by-server-1')]);
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const stderr = new PassThrough();
    stderr.resume();
    const run = runCommands({ db, input: '-', batchMax: 1000, batchDelayMs: 0, snapshotEvery: 0, progress: false }, { stdin, stdout, stderr });
    stdin.write(`${JSON.stringify(deposit('by-server-1'))}\n`);
    while (!printed.includes('"duplicate"')) await sleep(5); // the run has recovered the journal at seq 1
    await server.executeJson([deposit('by-server-2')]); // the server takes seq 2
    stdin.write(`${JSON.stringify(deposit('by-run'))}\n`); // the run applies it as seq 2 too; its timer commits it
    // Keep the input open a while so the timer's commit fails first (when it does not, the run
    // fails at close instead: the same answer).
    await sleep(300);
    stdin.end();
    await assert.rejects(run, { name: 'HostError', kind: 'journal-in-use', message: `journal in use by another process: ${db}` });
    assert.equal(printed, '{"type":"duplicate","seq":1,"commandId":"by-server-1","command":"deposit"}\n', 'nothing of the refused batch was printed');
    assert.equal(server.lastSeq, 2);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
