// Runs the benchmarks of bench/ one after another, each in its own process (`npm run bench`).
//   npm run bench                        every bench at short sizes (a smoke run: minutes, not hours)
//   npm run bench -- engine-cascade ...  only the named benches (file names without .mjs)
//   npm run bench -- --full [names]      the sizes docs/benchmarks.md records (each file's defaults)
//   npm run bench -- --list              the benches and their short sizes
// Environment variables pass through (ACCOUNTS=..., MARGIN_TEST_PG_URL=... for PostgreSQL); a size
// given in the environment wins over the short size. Exit status 1 when any bench failed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Short sizes: positional arguments and environment of each bench (its header says what they mean).
const BENCHES = {
  'pool-kernel': { args: ['30000', '3'], about: 'exact equity-vs-maintenance check of random 1-5 position cross pools, kernel vs computeRisk: [accounts] [rounds]' },
  'core-risk': { args: ['20000'], about: 'margin, liquidation and bankruptcy prices of N random positions (exact kernel)' },
  'portfolio-margin': { args: ['20000', '20', '3'], about: 'SPAN-style portfolio margin, struct-of-arrays: [portfolios] [positions] [rounds]' },
  'portfolio-engine-scan': { args: ['20000', '20', '3'], about: 'risk scan of okx-pm accounts, one symbol update re-margining its holders: [accounts] [positions] [rounds]' },
  'portfolio-engine-price-update': { args: ['1000'], about: 'engine price update over [accounts] okx-pm accounts: filter vs every pool exact' },
  'portfolio-engine-grid-price-update': { args: ['1000', '3'], about: 'engine price update over [accounts] inverse deribit-pm (BTC) accounts: filter vs every pool exact, A/B, CPU ms: [accounts] [rounds]' },
  'portfolio-grid-options-kernel': { args: ['20000', '20'], about: 'grid kernel with option rows (deribit-pm BTC): arrays, carry per holder, vs computeDeribitPm: [holders] [positions] [instruments]' },
  'span-engine-price-update': { args: ['2000'], about: 'engine price update over [accounts] SPAN accounts (every holder confirmed exactly)' },
  'options-pricing': { args: ['200000', '3'], about: 'Black-76 price + 4 Greeks and implied volatility per second: [count] [rounds]' },
  'dynamic': { args: ['1000000', '3'], about: '20-year daily backtest of 5 models; EWMA over [minuteReturns] minute returns: [minuteReturns] [rounds]' },
  'options-margin': { args: ['10000', '20', '3'], about: 'standard options + futures margin of many accounts (exact): [accounts] [positions] [rounds]' },
  'engine-price-update': { env: { ACCOUNTS: '5000' }, about: 'one price update of a symbol held by ACCOUNTS accounts' },
  'engine-rescan': { env: { ACCOUNTS: '10000' }, about: 'full risk rescan of ACCOUNTS accounts x 3 positions' },
  'scan-flagging': { env: { ACCOUNTS: '3000' }, about: 'float filter vs exact confirmation on 2-5% moves of all marks: false-positive rate, confirmation cost per pool' },
  'engine-cascade': { env: { ACCOUNTS: '5000' }, about: 'a liquidation cascade after a 30% gap over ACCOUNTS accounts' },
  stress: { args: ['20000'], about: 'stress test (S0=-10%,S1=-15% and ALL=-5%) of [accounts] x 3 positions' },
  'store-ingest': { args: ['5000', '500'], about: 'journal ingestion with group commit: [commands] [batch]' },
  'store-run': { args: ['2000'], about: '`margin run` end to end: [lines]' },
  'server-risk': { args: ['3', '8'], about: 'GET /v1/accounts/{id}/risk requests per second: [seconds] [connections]' },
  'server-ws-fanout': { args: ['100', '3'], about: 'WebSocket fan-out latency: [subscribers] [seconds]' },
  cluster: { args: ['3', '16', '1,2', '2000'], about: 'commands/s through margin gateway over 1, 2, 4 partitions on NATS JetStream: [seconds] [connections] [partitions] [direct]' },
  'journal-history': { args: ['20', '1000'], about: 'per-account history from the journal: catch-up after [seconds] of --demo with [accounts]' },
  soak: { args: ['20', '5'], about: 'margin serve --demo --archive: RSS and journal size over time: [seconds] [sampleSeconds]' },
};

function usage() {
  console.log('benches (short sizes; --full uses the recorded sizes):');
  for (const [name, bench] of Object.entries(BENCHES)) {
    const sizes = [...Object.entries(bench.env ?? {}).map(([k, v]) => `${k}=${v}`), ...(bench.args ?? [])].join(' ');
    console.log(`  ${name.padEnd(20)} ${sizes.padEnd(16)} ${bench.about}`);
  }
}

const argv = process.argv.slice(2);
if (argv.includes('--list') || argv.includes('--help')) {
  usage();
  process.exit(0);
}
const full = argv.includes('--full');
const names = argv.filter((arg) => !arg.startsWith('--'));
const unknown = names.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')} (npm run bench -- --list)`);
  process.exit(2);
}

const failed = [];
for (const name of names.length > 0 ? names : Object.keys(BENCHES)) {
  const bench = BENCHES[name];
  const file = fileURLToPath(new URL(`./${name}.mjs`, import.meta.url));
  const args = full ? [] : (bench.args ?? []);
  const env = full ? process.env : { ...bench.env, ...process.env };
  console.log(`\n== ${name} ${args.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) failed.push(name);
  console.log(`== ${name}: ${run.status === 0 ? 'done' : `failed (exit ${run.status ?? run.signal})`} in ${seconds} s`);
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
