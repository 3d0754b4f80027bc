/**
 * `margin simulate` at the command line: summary on stdout, CSV and HTML files, progress on
 * stderr; bad options exit 2. The simulation itself is tested in @margin/sim (crash/simulate.test.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MARGIN_BIN } from '../test/repo-paths.js';

describe('margin simulate', () => {
  it('margin simulate: summary on stdout, CSV and HTML files, progress on stderr; bad options exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-simulate-'));
    try {
      const ok = spawnSync(process.execPath, [MARGIN_BIN, 'simulate', '--seed', '2', '--accounts', '150', '--scenario', 'gap-down-40', '--out', dir], { encoding: 'utf8' });
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /^scenario gap-down-40, seed 2, profile generic: 150 traders/);
      assert.match(ok.stdout, /accounts left negative: \d+/);
      assert.match(ok.stderr, /simulating: 540\/540 steps/);
      for (const ext of ['csv', 'html']) assert.ok(existsSync(join(dir, `gap-down-40-seed2-generic.${ext}`)));
      assert.equal(readFileSync(join(dir, 'gap-down-40-seed2-generic.csv'), 'utf8').trim().split('\n').length, 541);
      const bad = spawnSync(process.execPath, [MARGIN_BIN, 'simulate', '--scenario', 'moon', '--out', dir], { encoding: 'utf8' });
      assert.equal(bad.status, 2);
      assert.equal(bad.stderr, 'error: scenario: must be one of "gap-down-40", "slow-grind", "squeeze-up", got "moon"\n');
      const badSeed = spawnSync(process.execPath, [MARGIN_BIN, 'simulate', '--scenario', 'slow-grind', '--seed', '-1'], { encoding: 'utf8' });
      assert.equal(badSeed.status, 2);
      assert.match(badSeed.stderr, /^error: seed: must be a whole number/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
