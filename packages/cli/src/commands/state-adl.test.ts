/** `margin state --account ID --adl`: the engine's ADL ranks as a table, and in the JSON with --json. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@margin/core';
import { BTCUSDT_LINEAR_1TIER, instrumentCommand } from '@margin/testkit';
import { journalLines } from '../test/journal-lines.js';
import { stateCommand } from './state.js';
import type { PositionWithAdl } from './state-adl.js';

// Two longs with the same profit, bob on a fifth of alice's margin (higher effective leverage: first
// in the BitMEX ranking, PnL% x effective leverage), and one short holding the other side.
const LINES = [
  JSON.stringify(instrumentCommand(BTCUSDT_LINEAR_1TIER, 'i1')),
  '{"type":"deposit","id":"d1","account":"alice","asset":"USDT","amount":"2000"}',
  '{"type":"deposit","id":"d2","account":"bob","asset":"USDT","amount":"400"}',
  '{"type":"deposit","id":"d3","account":"carol","asset":"USDT","amount":"5000"}',
  '{"type":"price","id":"p1","symbol":"BTCUSDT","markPrice":"30000","indexPrice":"30000","time":"2026-01-01T00:00:00Z"}',
  '{"type":"fill","id":"f1","account":"alice","symbol":"BTCUSDT","side":"buy","size":"0.1","price":"30000","time":"2026-01-01T00:00:01Z"}',
  '{"type":"fill","id":"f2","account":"bob","symbol":"BTCUSDT","side":"buy","size":"0.1","price":"30000","time":"2026-01-01T00:00:01Z"}',
  '{"type":"fill","id":"f3","account":"carol","symbol":"BTCUSDT","side":"sell","size":"0.2","price":"30000","time":"2026-01-01T00:00:01Z"}',
  '{"type":"price","id":"p2","symbol":"BTCUSDT","markPrice":"31000","indexPrice":"31000","time":"2026-01-01T00:01:00Z"}',
];

const journal = (db: string): Promise<void> => journalLines(db, LINES);

describe('margin state --account --adl', () => {
  it('ranks each position in its symbol and side: table by default, an adl object per position with --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-adl-'));
    try {
      const db = join(dir, 'j.sqlite');
      await journal(db);
      const bob = await stateCommand({ db, account: 'bob', adl: true });
      assert.match(bob, /^ADL queue of account bob {2}profile generic {2}settle USDT\n/);
      assert.match(bob, /BTCUSDT\s+long\s+cross\s+0\.1\s+[\d,.]+\s+1 of 2\s+0\.5\s+5 #####/);
      const alice = JSON.parse(await stateCommand({ db, account: 'alice', adl: true, json: true })) as { positions: PositionWithAdl[] };
      const adl = alice.positions[0]?.adl;
      assert.equal(adl?.rank, 2);
      assert.equal(adl?.count, 2);
      assert.equal(adl?.side, 'long');
      const carol = JSON.parse(await stateCommand({ db, account: 'carol', adl: true, json: true })) as { positions: PositionWithAdl[] };
      assert.equal(carol.positions[0]?.adl?.rank, 1);
      assert.equal(carol.positions[0]?.adl?.count, 1);
      // Without --adl the output is what it was: the risk JSON, no adl field.
      const plain = JSON.parse(await stateCommand({ db, account: 'alice' })) as { positions: PositionWithAdl[] };
      assert.equal(plain.positions[0]?.adl, undefined);
      await assert.rejects(stateCommand({ db, adl: true }), (error: unknown) => error instanceof InputError && /needs --account/.test(error.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
