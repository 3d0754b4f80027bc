// Benchmark (not a test): durable command ingestion into the journal with group commit.
// Usage: npm run build && node bench/store-ingest.mjs [commands] [batch]
//   PostgreSQL too when MARGIN_TEST_PG_URL is set (.ci/postgres.sh prints it).
// For each store: the `margin run` journal path per batch of `batch` commands, i.e. one lookup
// of the batch's command ids (idempotency) and one append transaction, committed durably
// (SQLite WAL synchronous=FULL: fsync per commit; PostgreSQL synchronous_commit=on).
// Entries are realistic texts: a fill command (~200 bytes) and its events (~400 bytes).
// Prints commands per second; the engine itself is measured by bench/store-run.mjs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PostgresJournal, SqliteJournal, parsePostgresUrl } from '../packages/store/dist/index.js';

const total = Number(process.argv[2] ?? 200_000);
const batchSize = Number(process.argv[3] ?? 1_000);

function entryAt(seq) {
  const id = `fill-${seq}`;
  const command = JSON.stringify({
    type: 'fill', id, account: `acct-${seq % 997}`, symbol: 'BTCUSDT', side: seq % 2 === 0 ? 'buy' : 'sell',
    size: '0.013', price: `${30000 + (seq % 500)}.5`, fee: '0.156', time: '2026-01-01T00:00:01Z',
  });
  const events = JSON.stringify([
    { type: 'filled', seq, commandId: id, account: `acct-${seq % 997}`, symbol: 'BTCUSDT', side: 'buy', size: '0.013', price: '30000.5', fee: '0.156', positionSize: '1.234', entryPrice: '30123.456789', realizedPnl: '0' },
    { type: 'balance', seq, commandId: id, account: `acct-${seq % 997}`, asset: 'USDT', balance: '98765.43210987', change: '-0.156' },
  ]);
  return { seq, commandId: id, command, events };
}

async function ingest(journal) {
  const started = performance.now();
  for (let first = 1; first <= total; first += batchSize) {
    const batch = [];
    for (let seq = first; seq < first + batchSize && seq <= total; seq++) batch.push(entryAt(seq));
    const known = await journal.findCommands(batch.map((e) => e.commandId));
    if (known.size !== 0) throw new Error('unexpected duplicate');
    await journal.append(batch);
  }
  const seconds = (performance.now() - started) / 1000;
  if ((await journal.lastSeq()) !== total) throw new Error('lost entries');
  return { seconds, rate: total / seconds };
}

function report(name, { seconds, rate }) {
  console.log(`${name.padEnd(34)} ${total.toLocaleString('en-US')} commands in ${seconds.toFixed(2)} s: ${Math.round(rate).toLocaleString('en-US')} commands/s`);
}

console.log(`journal ingestion, batches of ${batchSize} (lookup + one append transaction per batch)`);
for (const synchronous of ['FULL', 'NORMAL']) {
  const dir = mkdtempSync(join(tmpdir(), 'margin-bench-'));
  try {
    const journal = SqliteJournal.open(join(dir, 'bench.sqlite'), { synchronous });
    report(`SQLite WAL synchronous=${synchronous}`, await ingest(journal));
    await journal.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pgUrl = process.env.MARGIN_TEST_PG_URL;
if (pgUrl) {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(pgUrl);
  url.searchParams.set('schema', schema);
  const journal = await PostgresJournal.open(url.toString());
  try {
    report('PostgreSQL (synchronous_commit=on)', await ingest(journal));
  } finally {
    await journal.close();
    const admin = new pg.Client({ connectionString: parsePostgresUrl(pgUrl).connectionString });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
} else {
  console.log('PostgreSQL: skipped (MARGIN_TEST_PG_URL not set)');
}
