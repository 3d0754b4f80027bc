/** `margin worker` and `margin gateway` refuse bad flags with one line and exit 2, before touching a journal or NATS. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/margin.js', import.meta.url));
const margin = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

test('margin worker and margin gateway: bad flags exit 2 with one line naming the flag and the rule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'margin-cluster-flags-'));
  try {
    const db = join(dir, 'never.sqlite');
    const cases: [string[], string][] = [
      [['worker', '--partition', '0', '--of', '1'], "error: --db: is required: the partition's own journal (SQLite file or postgres:// URL)\n"],
      [['worker', '--partition', '3', '--of', '2', '--db', db], 'error: --partition: must be a whole number from 0 to 1 (below --of), got 3\n'],
      [['worker', '--partition', 'x', '--of', '2', '--db', db], 'error: --partition: must be a whole number, got "x"\n'],
      [['worker', '--partition', '0', '--of', '0', '--db', db], 'error: --of: must be a whole number from 1 to 1024, got 0\n'],
      [['gateway'], 'error: --of: is required\n'],
      [['gateway', '--of', '2', '--db', db, '--float', 'USDT'], 'error: --float: each item must be ASSET:AMOUNT or ASSET:SYMBOL:AMOUNT with a positive decimal amount, got "USDT"\n'],
    ];
    for (const [args, stderr] of cases) {
      const result = margin(...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.equal(result.stderr, stderr);
    }
    assert.equal(existsSync(db), false, 'no journal was created');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
