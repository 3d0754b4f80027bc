/**
 * Goal: `margin serve --id-window N` starts a new journal with that idempotency window (recorded
 * in the journal like the profile), a later start with another window is refused, and a bad
 * value is one clear line with exit status 2 before any journal is opened.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChildServe } from './testing/child-serve.js';

const MARGIN_BIN = fileURLToPath(new URL('../../cli/bin/margin.js', import.meta.url));

describe('margin serve --id-window', () => {
  it('records the window in a new journal and refuses another one later', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-serve-flags-'));
    try {
      const db = join(dir, 'journal.sqlite');
      const serve = await startChildServe(['--db', db, '--id-window', '5']);
      await serve.stop();
      const again = spawnSync(process.execPath, [MARGIN_BIN, 'serve', '--port', '0', '--db', db, '--id-window', '7'], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(again.status, 2, again.stderr);
      assert.match(again.stderr, /was started with an id window of 5, got 7/);
      assert.equal(again.stderr.trim().split('\n').length, 1, 'one line');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a window below 1 in one line, exit 2, without creating the journal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-serve-flags-'));
    try {
      const db = join(dir, 'journal.sqlite');
      const result = spawnSync(process.execPath, [MARGIN_BIN, 'serve', '--port', '0', '--db', db, '--id-window', '0'], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(result.status, 2);
      assert.equal(result.stderr.trim(), 'error: id-window: must be at least 1, got "0"');
      assert.equal(existsSync(db), false, 'no journal was created');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
