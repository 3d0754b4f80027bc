/* global setTimeout */
// Per-account history from the journal (ADR 0027): the cost of the replica's catch-up at start.
// Runs `margin serve --demo --demo-accounts ACCOUNTS` for SECONDS, stops it (SIGINT), then on the
// journal it left: (1) a plain replay from seq 1 (`recoverJournal` fromScratch), (2) the history's
// catch-up (the same replay plus the measures of named accounts and of every account each grid
// minute), with the points kept and the heap after it.
// Usage: npm run build && node bench/journal-history.mjs [seconds=60] [accounts=2000]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { recoverJournal } from '@margin/host';
import { openJournalAccountHistory } from '@margin/server';
import { accountIds } from '@margin/engine';
import { openJournal } from '@margin/store';

const seconds = Number(process.argv[2] ?? 60);
const accounts = Number(process.argv[3] ?? 2000);
const bin = new URL('../packages/cli/bin/margin.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'margin-jh-bench-'));
const db = join(dir, 'demo.sqlite');

try {
  const child = spawn(process.execPath, [bin, 'serve', '--demo', '--demo-accounts', String(accounts), '--port', '0', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  while (!output.includes('ready in')) {
    if (child.exitCode !== null) throw new Error(output);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;

  const journal = await openJournal(db);
  const lastSeq = await journal.lastSeq();
  let started = performance.now();
  const recovered = await recoverJournal(journal, { fromScratch: true });
  const replayMs = performance.now() - started;
  const ids = accountIds(recovered.state).length;
  const history = await openJournalAccountHistory(journal);
  started = performance.now();
  await history.catchUp();
  const historyMs = performance.now() - started;
  let points = 0;
  for (const id of accountIds(recovered.state)) points += history.points(id, 500).length;
  const heapMb = process.memoryUsage().heapUsed / 1_048_576;
  await journal.close();
  console.log(`journal: ${lastSeq.toLocaleString('en-US')} entries after ${seconds} s of --demo (${ids.toLocaleString('en-US')} accounts)`);
  console.log(`replay from seq 1:        ${replayMs.toFixed(0)} ms (${Math.round(lastSeq / (replayMs / 1000)).toLocaleString('en-US')} entries/s)`);
  console.log(`history catch-up:         ${historyMs.toFixed(0)} ms (${Math.round(lastSeq / (historyMs / 1000)).toLocaleString('en-US')} entries/s), ${points.toLocaleString('en-US')} points kept, heap ${heapMb.toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
