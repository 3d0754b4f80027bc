// Bench: a stress test (`stressTest`, what `margin stress` and POST /v1/stress run) on a
// venue-size book: ACCOUNTS accounts (default 1,000,000; comma list for several sizes) x 3
// positions over 50 linear symbols, built through applyCommand (engine-common.mjs). Scenarios:
// two symbols shocked (S0=-10%, S1=-15%, the BTC/ETH example), and every symbol at -5%
// (ALL=-5%). Each is timed end to end (shock resolution, the engine's preview of the prices
// command with every margin call, liquidation, bankruptcy and ADL it causes, the rollback, and the
// tally), RUNS times (default 3, median; with RUNS > 1 after one warm-up run). Each scenario runs
// twice: with no insurance fund (every deficit goes to ADL, which ranks every opposite holder of
// each symbol a bankrupt account held), then with a fund that covers every deficit (no ADL).
// The state hash is checked unchanged after all runs.
// One core. Run after `npm run build`: node --max-old-space-size=8192 bench/stress.mjs [ACCOUNTS]
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { applyCommand, parseCommand, parseShocks, scanStats, stateHash, stressTest } from '@margin/engine';
import { buildBook } from './engine-common.mjs';

const SIZES = (process.argv[2] ?? process.env.ACCOUNTS ?? '1000000').split(',').map(Number);
const SCENARIOS = ['S0=-10%,S1=-15%', 'ALL=-5%'];
const RUNS = Number(process.env.RUNS ?? '3');
// FUNDS=none,covering (default both): which of the two phases to run.
const FUNDS = (process.env.FUNDS ?? 'none,covering').split(',');
// stateHash builds the canonical snapshot in memory: past a few 100,000 accounts it exceeds V8's
// array limits, so large books are checked with a fingerprint of every wallet and position instead.
function fingerprint(state) {
  if (state.accounts.size <= 200000) return stateHash(state);
  let wallets = 0n;
  let sizes = 0n;
  let entries = 0n;
  let positions = 0;
  for (const account of state.accounts.values()) {
    for (const amount of account.wallets.values()) wallets += amount;
    for (const position of account.positions.values()) {
      positions++;
      sizes += position.size < 0n ? -position.size : position.size;
      entries += position.entryPrice;
    }
  }
  return `${state.lastSeq}:${state.accounts.size}:${positions}:${wallets}:${sizes}:${entries}`;
}

const log = (line) => process.stdout.write(`${line}\n`);
log(`stress (node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores)`);

for (const accounts of SIZES) {
  const t0 = performance.now();
  const { state, next } = buildBook({ accounts, symbols: 50, perAccount: 3, log });
  log(`\n${accounts} accounts, ${scanStats(state).positions} positions (built in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  for (const fund of [...(FUNDS.includes('none') ? [null] : []), ...(FUNDS.includes('covering') ? ['1000000000000'] : [])]) {
  if (fund !== null) applyCommand(state, parseCommand({ type: 'insuranceDeposit', id: 'bench-fund', asset: 'USDT', amount: fund }), { seq: next() });
  log(fund === null ? 'no insurance fund (deficits go to ADL):' : `insurance fund ${fund} USDT (covers every deficit, no ADL):`);
  const hash = fingerprint(state);
  for (const scenario of SCENARIOS) {
    const specs = parseShocks(scenario);
    if (RUNS > 1) stressTest(state, specs); // warm-up
    const runs = [];
    let result;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      result = stressTest(state, specs);
      runs.push(performance.now() - started);
    }
    runs.sort((a, b) => a - b);
    const total = result.totals[0] ?? {};
    const events = Object.values(result.events).reduce((sum, n) => sum + n, 0);
    log(`  ${scenario.padEnd(16)} median ${runs[Math.floor(RUNS / 2)].toFixed(0)} ms (min ${runs[0].toFixed(0)}, max ${runs[RUNS - 1].toFixed(0)}): ` +
      `${total.marginCall ?? 0} margin calls, ${total.liquidated ?? 0} liquidated, ${total.bankrupt ?? 0} bankrupt, deficit ${total.deficit ?? '0'}, ` +
      `insurance ${total.insuranceUsed ?? '0'}, ADL ${total.adlAccounts ?? 0} accounts / ${total.adlHaircut ?? '0'}; ${events} events`);
  }
  if (fingerprint(state) !== hash) throw new Error('the stress test changed the state');
  log(`  state ${state.accounts.size <= 200000 ? 'hash' : 'fingerprint (wallets, positions)'} unchanged after every stress test`);
  }
}
