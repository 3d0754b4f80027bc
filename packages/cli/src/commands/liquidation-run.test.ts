/**
 * The acceptance check, end to end through the CLI's own code paths: a command stream through
 * `margin run` (SQLite journal), each account's liquidation price from `margin state --account ID
 * --json` before the moves, then a price path through `margin run` again: every account is first
 * liquidated in exactly the step where the mark crosses the price it was shown, under a profile
 * that deleverages and one that socialises losses, with 1% steps that bankrupt accounts on the way.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@margin/sim';
import { runCommands } from './run.js';
import { stateCommand } from './state.js';
import { BTCUSDT_LINEAR_2TIER, BTCUSD_INVERSE_100_1TIER, instrumentCommand } from '@margin/testkit';

type Json = Record<string, unknown>;

async function run(db: string, profile: string, commands: readonly Json[]): Promise<Json[]> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const result = await runCommands(
    { db, input: '-', profile, batchMax: 1000, batchDelayMs: 5, snapshotEvery: 100_000, progress: false },
    { stdin: Readable.from([`${commands.map((c) => JSON.stringify(c)).join('\n')}\n`]), stdout, stderr: new PassThrough() },
  );
  assert.equal(result.exitCode, 0);
  return out.trim().split('\n').map((line) => JSON.parse(line) as Json);
}

function setup(accounts: number, seed: number): { commands: Json[]; ids: string[] } {
  const rng = new Rng(seed);
  const commands: Json[] = [
    instrumentCommand(BTCUSDT_LINEAR_2TIER, 'i1'),
    instrumentCommand(BTCUSD_INVERSE_100_1TIER, 'i2'),
    { type: 'prices', id: 'p0', time: '2026-01-01T00:00:00Z', prices: [{ symbol: 'BTCUSDT', markPrice: '30000' }, { symbol: 'BTCUSD', markPrice: '30000' }] },
  ];
  const ids: string[] = [];
  for (let i = 0; i < accounts; i++) {
    const id = `u${i}`;
    const inverse = rng.chance(0.3);
    const symbol = inverse ? 'BTCUSD' : 'BTCUSDT';
    commands.push({ type: 'deposit', id: `d-${id}`, account: id, asset: inverse ? 'BTC' : 'USDT', amount: inverse ? rng.between(0.1, 1).toFixed(4) : String(1000 + rng.int(5000)) });
    if (rng.chance(0.4)) commands.push({ type: 'setMarginMode', id: `m-${id}`, account: id, symbol, mode: 'isolated' });
    commands.push({ type: 'setLeverage', id: `l-${id}`, account: id, symbol, leverage: String(rng.pick([5, 10, 20, 25, 50])) });
    const size = inverse ? String(10 + rng.int(200)) : rng.between(0.01, 0.5).toFixed(3);
    commands.push({ type: 'fill', id: `f-${id}`, account: id, symbol, side: rng.chance(0.5) ? 'buy' : 'sell', size, price: '30000', time: '2026-01-01T00:00:01Z' });
    ids.push(id);
  }
  return { commands, ids };
}

function path(direction: 1 | -1, stepPercent: number, steps: number): Json[] {
  return Array.from({ length: steps }, (_, k) => {
    const mark = (Math.round(30000 * (1 + (direction * stepPercent * (k + 1)) / 100) * 2) / 2).toFixed(1);
    return { type: 'prices', id: `move-${k + 1}`, time: new Date(Date.UTC(2026, 0, 1, 0, 1, k)).toISOString(), prices: [{ symbol: 'BTCUSDT', markPrice: mark }, { symbol: 'BTCUSD', markPrice: mark }] };
  });
}

describe('liquidation through margin run, against margin state', () => {
  for (const [profile, direction, stepPercent] of [['generic', -1, 1], ['drift-v2', 1, 1], ['binance-usdm', 1, 0.5]] as const) {
    it(`${profile}: each account is first liquidated where the mark crosses its reported liquidation price (${direction < 0 ? 'down' : 'up'} ${stepPercent}% steps)`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'margin-liq-run-'));
      try {
        const db = join(dir, 'j.sqlite');
        const { commands, ids } = setup(60, 9);
        await run(db, profile, commands);
        const reported = new Map<string, { price: number; long: boolean }>();
        for (const id of ids) {
          const risk = JSON.parse(await stateCommand({ db, account: id, json: true })) as { positions: { liquidationPrice: string | null; side: string }[] };
          const position = risk.positions[0];
          if (position?.liquidationPrice !== null && position !== undefined) reported.set(id, { price: Number(position.liquidationPrice), long: position.side === 'long' });
        }
        const moves = path(direction, stepPercent, direction < 0 ? 60 : 80);
        const events = await run(db, profile, moves);
        const first = new Map<string, unknown>();
        for (const event of events) if (event['type'] === 'liquidationStarted' && !first.has(String(event['account']))) first.set(String(event['account']), event['commandId']);
        let crossed = 0;
        for (const [id, { price, long }] of reported) {
          const crossing = moves.find((move) => {
            const mark = Number((move['prices'] as { markPrice: string }[])[0]?.markPrice);
            return long ? mark < price : mark > price;
          });
          assert.equal(first.get(id), crossing?.['id'], `${id} (${long ? 'long' : 'short'}, liquidation price ${price})`);
          if (crossing !== undefined) crossed++;
        }
        assert.ok(crossed > 15, `enough accounts cross their price (${crossed} of ${reported.size} with a liquidation price)`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
