/**
 * `margin run` on a journal that another process writes to (a running server holds it): one line
 * naming the journal, exit code 2, no stack trace. The "server" is a durable host in this process;
 * `margin run` is a real child process.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DurableHost } from '@margin/host';
import { SqliteJournal } from '@margin/store';

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
