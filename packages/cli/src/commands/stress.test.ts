/** `margin stress`: the engine's answer to shocked marks over a journal's book, and the journal byte-identical afterwards. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@margin/core';
import { BTCUSDT_LINEAR_1TIER, instrumentCommand } from '@margin/testkit';
import type { StressResult } from '@margin/wire';
import { stressResultSchema } from '@margin/wire';
import { journalLines } from '../test/journal-lines.js';
import { stateCommand } from './state.js';
import { stressCommand } from './stress.js';

// bob is long 0.1 BTC on 310 USDT: a 10% drop (300 USDT) leaves 10 USDT under the 0.4% maintenance
// of 10.8 (liquidated); a 20% drop (600 USDT) leaves a deficit of 290, covered by the 50 USDT fund
// and then by ADL of carol's short. alice (2,000 USDT) stays healthy.
const LINES = [
  JSON.stringify(instrumentCommand(BTCUSDT_LINEAR_1TIER, 'i1')),
  '{"type":"deposit","id":"d1","account":"alice","asset":"USDT","amount":"2000"}',
  '{"type":"deposit","id":"d2","account":"bob","asset":"USDT","amount":"310"}',
  '{"type":"deposit","id":"d3","account":"carol","asset":"USDT","amount":"5000"}',
  '{"type":"insuranceDeposit","id":"ins","asset":"USDT","amount":"50"}',
  '{"type":"price","id":"p1","symbol":"BTCUSDT","markPrice":"30000","indexPrice":"30000","time":"2026-01-01T00:00:00Z"}',
  '{"type":"fill","id":"f1","account":"alice","symbol":"BTCUSDT","side":"buy","size":"0.1","price":"30000","time":"2026-01-01T00:00:01Z"}',
  '{"type":"fill","id":"f2","account":"bob","symbol":"BTCUSDT","side":"buy","size":"0.1","price":"30000","time":"2026-01-01T00:00:01Z"}',
  '{"type":"fill","id":"f3","account":"carol","symbol":"BTCUSDT","side":"sell","size":"0.2","price":"30000","time":"2026-01-01T00:00:01Z"}',
];

const journal = (db: string): Promise<void> => journalLines(db, LINES);

/** Hash of every file of the journal (main file, WAL, shared memory) by name. */
function journalBytes(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')]));
}

const inputError = (pattern: RegExp) => (error: unknown): boolean => error instanceof InputError && pattern.test(error.message);

describe('margin stress', () => {
  it('counts the engine\'s liquidations, bankruptcies, insurance and ADL, and leaves the journal byte-identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-stress-'));
    try {
      const db = join(dir, 'j.sqlite');
      await journal(db);
      const hashBefore = await stateCommand({ db, hash: true });
      const bytesBefore = journalBytes(dir);
      const mild = stressResultSchema.parse(JSON.parse(await stressCommand({ db, shock: 'BTCUSDT=-10%', json: true }))) as StressResult;
      assert.deepEqual(mild.shocks, [{ symbol: 'BTCUSDT', percent: '-10', markBefore: '30000', markAfter: '27000', indexBefore: '30000', indexAfter: '27000' }]);
      assert.equal(mild.accepted, true);
      assert.equal(mild.accounts, 3);
      const mildTotal = mild.totals[0];
      assert.equal(mildTotal?.liquidated, 1, 'bob is liquidated');
      assert.equal(mildTotal?.bankrupt, 0);

      const hard = JSON.parse(await stressCommand({ db, shock: 'ALL=-20%', json: true })) as StressResult;
      const total = hard.totals[0];
      assert.equal(total?.asset, 'USDT');
      assert.equal(total?.bankrupt, 1, 'bob goes bankrupt');
      assert.equal(total?.insuranceUsed, '50', 'the whole fund is used');
      assert.equal(total?.adlAccounts, 1, 'carol is deleveraged');
      assert.equal(total?.deficit, (Number(total?.insuranceUsed) + Number(total?.adlHaircut)).toString());
      assert.deepEqual(hard.symbols.map((row) => row.symbol), ['BTCUSDT']);

      const table = await stressCommand({ db, shock: 'BTCUSDT=-20%' });
      assert.match(table, /^Stress test of .* {2}as of seq 9 {2}3 accounts\n/);
      assert.match(table, /BTCUSDT\s+USDT\s+\d+\s+1\s+1\s/);
      assert.match(table, /The journal is unchanged/);

      assert.deepEqual(journalBytes(dir), bytesBefore, 'every journal file is byte-identical');
      assert.equal(await stateCommand({ db, hash: true }), hashBefore);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the flag and the rule for bad shocks, and never creates a journal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-stress-'));
    try {
      const db = join(dir, 'j.sqlite');
      await journal(db);
      await assert.rejects(stressCommand({ db }), inputError(/^shock: is required/));
      await assert.rejects(stressCommand({ db, shock: 'BTCUSDT' }), inputError(/^shock: each entry must be SYMBOL=PERCENT/));
      await assert.rejects(stressCommand({ db, shock: 'BTCUSDT=-100%' }), inputError(/^shock\.BTCUSDT: must be above -100%/));
      await assert.rejects(stressCommand({ db, shock: 'ETHUSDT=-5%' }), inputError(/^shock\.ETHUSDT: unknown symbol \(the state has BTCUSDT; or use ALL\)/));
      const missing = join(dir, 'none.sqlite');
      await assert.rejects(stressCommand({ db: missing, shock: 'ALL=-5%' }));
      assert.equal(existsSync(missing), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
