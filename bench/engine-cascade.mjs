// Bench: a liquidation cascade. ACCOUNTS (default 100,000) accounts hold one BTCUSDT position each
// (60% long, 40% short, leverage 2-50x, 30% isolated), built through applyCommand; ten market
// makers at 2x hold the other side of the net (so open interest balances, as on a venue); the
// insurance fund holds FUND USDT; then one `price` command gaps the mark down GAP (default 30%). Measures the
// time from that command to its last event (every liquidation, fee, fund change, bankruptcy, ADL or
// socialised loss happens inside it), and liquidations per second. One core.
// Run after `npm run build`: node bench/engine-cascade.mjs   (PROFILE=drift-v2 for socialised losses)
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { applyCommand, createEngineState, parseCommand, scanStats } from '@margin/engine';
import { random, TIERS } from './engine-common.mjs';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 100_000);
const GAP = Number(process.env.GAP ?? 0.3);
const PROFILE = process.env.PROFILE ?? 'binance-usdm';
const FUND = process.env.FUND ?? '2000000';
const log = (line) => process.stdout.write(`${line}\n`);
log(`engine-cascade: ${ACCOUNTS} accounts, profile ${PROFILE}, gap -${GAP * 100}% (node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores)`);

const state = createEngineState({ profile: PROFILE });
let seq = 0;
const apply = (json) => applyCommand(state, parseCommand(json), { seq: ++seq });
const START = 60000;
apply({ type: 'instrument', id: 'i', instrument: { symbol: 'BTCUSDT', kind: 'linear-perpetual', settle: 'USDT', contractSize: '1', tickSize: '0.1', lotSize: '0.001', tiers: TIERS } });
apply({ type: 'price', id: 'p0', symbol: 'BTCUSDT', markPrice: String(START), time: '2026-01-01T00:00:00Z' });
apply({ type: 'insuranceDeposit', id: 'fund', asset: 'USDT', amount: FUND, symbol: 'BTCUSDT' });
const rand = random(7);
const LEVERAGES = [2, 3, 5, 5, 10, 10, 10, 20, 20, 25, 50];
const built = performance.now();
let netLots = 0;
for (let a = 0; a < ACCOUNTS; a++) {
  const id = `a${a}`;
  const leverage = LEVERAGES[Math.floor(rand() * LEVERAGES.length)];
  const notional = 200 + rand() * 19800;
  const size = Math.max(0.001, Math.round((notional / START) * 1000) / 1000);
  const margin = (size * START) / leverage;
  apply({ type: 'deposit', id: `d${a}`, account: id, asset: 'USDT', amount: (margin * (1.05 + rand() * 0.5)).toFixed(2) });
  if (rand() < 0.3) apply({ type: 'setMarginMode', id: `m${a}`, account: id, symbol: 'BTCUSDT', mode: 'isolated' });
  apply({ type: 'setLeverage', id: `l${a}`, account: id, symbol: 'BTCUSDT', leverage: String(leverage) });
  const buy = rand() < 0.6;
  const { events } = apply({ type: 'fill', id: `f${a}`, account: id, symbol: 'BTCUSDT', side: buy ? 'buy' : 'sell', size: size.toFixed(3), price: String(START), fee: '0', time: '2026-01-01T00:00:01Z' });
  if (events[0].type !== 'filled') throw new Error(`setup fill refused: ${JSON.stringify(events[0])}`);
  netLots += (buy ? 1 : -1) * Math.round(size * 1000);
}
for (let m = 0; m < 10; m++) {
  const lots = Math.round(netLots / 10);
  const size = (Math.abs(lots) / 1000).toFixed(3);
  apply({ type: 'deposit', id: `mm-d${m}`, account: `mm${m}`, asset: 'USDT', amount: ((Math.abs(lots) / 1000) * START).toFixed(2) });
  apply({ type: 'fill', id: `mm-f${m}`, account: `mm${m}`, symbol: 'BTCUSDT', side: lots > 0 ? 'sell' : 'buy', size, price: String(START), fee: '0', time: '2026-01-01T00:00:01Z' });
}
log(`book: ${scanStats(state).positions} positions in ${((performance.now() - built) / 1000).toFixed(1)} s`);

const mark = (START * (1 - GAP)).toFixed(1);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { events } = apply({ type: 'price', id: 'gap', symbol: 'BTCUSDT', markPrice: mark, time: '2026-01-01T00:01:00Z' });
const elapsedMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
// CPU time of the process (user + system, GC helper threads included): on a shared machine the
// wall time also counts waiting for a core.
const cpuMs = (cpu.user + cpu.system) / 1000;
const count = (type) => events.filter((event) => event.type === type).length;
const liquidations = count('liquidationStarted');
const fund = state.assets.get('USDT')?.system.get('insurance:BTCUSDT') ?? 0n;
log(`gap to ${mark}: ${events.length} events in ${elapsedMs.toFixed(0)} ms (command start to last event)`);
log(`  CPU ${cpuMs.toFixed(0)} ms: ${Math.round(liquidations / (cpuMs / 1000))} liquidations per CPU-second`);
log(`  liquidations ${liquidations} (${Math.round(liquidations / (elapsedMs / 1000))}/s), fills ${count('liquidationFill')}, bankruptcies ${count('bankruptcy')}, ADL ${count('autoDeleveraged')}, loss shares ${count('lossShared')}, unresolved ${count('deficitUnresolved')}`);
log(`  fund after: ${Number(fund) / 1e8} USDT; positions left ${scanStats(state).positions}`);
