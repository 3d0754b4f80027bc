// Benchmark (not a test): `margin run` end to end, as a child process: read NDJSON, parse and
// validate, apply in the engine, journal in group commits, print events.
// Usage: npm run build && node bench/store-run.mjs [lines]
//   PostgreSQL too when MARGIN_TEST_PG_URL is set (.ci/postgres.sh prints it).
// Two inputs: the seeded stream of the crash test (fills, prices, deposits, orders, funding, ...;
// the engine's work dominates), and as many plain deposits over 5,000 accounts (the cheapest
// command: mostly the ingestion path itself).
// Prints lines per second for a first run and for a second run of the same input (all
// duplicates: the restart path), plus the time of `margin state` (recovery from the snapshot).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { generateCommandLines } from '../packages/sim/dist/index.js';
import { PostgresJournal } from '../packages/store/dist/index.js';

const lines = Number(process.argv[2] ?? 100_000);
const bin = new URL('../packages/cli/bin/margin.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'margin-bench-run-'));
const mixed = join(dir, 'mixed.ndjson');
writeFileSync(mixed, `${generateCommandLines({ seed: 1, lines }).join('\n')}\n`);
const deposits = join(dir, 'deposits.ndjson');
const depositLines = Array.from({ length: lines }, (_, i) =>
  JSON.stringify({ type: 'deposit', id: `d${i}`, account: `acct-${i % 5000}`, asset: 'USDT', amount: `${1000 + (i % 977)}.25` }));
writeFileSync(deposits, `${depositLines.join('\n')}\n`);

function timed(args) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0 && result.status !== 2) throw new Error(`margin ${args[0]} failed: ${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

function bench(name, db, input) {
  const first = timed(['run', '--db', db, '--input', input, '--no-progress']);
  const events = first.stdout.split('\n').length - 1;
  const again = timed(['run', '--db', db, '--input', input, '--no-progress']);
  const state = timed(['state', '--db', db]);
  const seq = /last seq\s+(\d+)/.exec(state.stdout)?.[1];
  const rate = (s) => Math.round(lines / s).toLocaleString('en-US');
  console.log(`${name}: ${lines.toLocaleString('en-US')} lines (${Number(seq).toLocaleString('en-US')} journaled, ${events.toLocaleString('en-US')} events)`);
  console.log(`  first run   ${first.seconds.toFixed(2)} s  ${rate(first.seconds)} lines/s`);
  console.log(`  rerun (all duplicates)  ${again.seconds.toFixed(2)} s  ${rate(again.seconds)} lines/s`);
  console.log(`  margin state (recovery from the closing snapshot)  ${state.seconds.toFixed(2)} s`);
}

try {
  for (const [workload, input] of [['mixed stream', mixed], ['deposits only', deposits]]) {
    bench(`${workload}, SQLite (WAL, synchronous=FULL)`, join(dir, `run-${input === mixed ? 'mixed' : 'deposits'}.sqlite`), input);
    const pgUrl = process.env.MARGIN_TEST_PG_URL;
    if (pgUrl) {
      const url = new URL(pgUrl);
      url.searchParams.set('schema', `bench_run_${randomBytes(4).toString('hex')}`);
      try {
        bench(`${workload}, PostgreSQL`, url.toString(), input);
      } finally {
        await PostgresJournal.dropSchema(url.toString());
      }
    } else {
      console.log('PostgreSQL: skipped (MARGIN_TEST_PG_URL not set)');
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
