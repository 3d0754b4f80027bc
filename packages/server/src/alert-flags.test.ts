/** `margin serve --alert-webhook URL --alert-fund-drawdown F`: a bad value is one clear line, exit status 2, before any journal is opened. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MARGIN_BIN = fileURLToPath(new URL('../../cli/bin/margin.js', import.meta.url));

describe('margin serve alert flags', () => {
  for (const [flag, value, message] of [
    ['--alert-webhook', 'ftp://example.invalid/hook', 'error: --alert-webhook: must be an http:// or https:// URL, got "ftp://example.invalid/hook"'],
    ['--alert-fund-drawdown', '1.5', `error: --alert-fund-drawdown: must be a fraction between 0 and 1 like 0.1 (10 % below the fund's peak), got "1.5"`],
    ['--alert-fund-drawdown', '0', `error: --alert-fund-drawdown: must be a fraction between 0 and 1 like 0.1 (10 % below the fund's peak), got "0"`],
  ] as const) {
    it(`refuses ${flag} ${value} in one line, exit 2, without creating the journal`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'margin-alert-flags-'));
      try {
        const db = join(dir, 'journal.sqlite');
        const result = spawnSync(process.execPath, [MARGIN_BIN, 'serve', '--port', '0', '--db', db, flag, value], { encoding: 'utf8', timeout: 60_000 });
        assert.equal(result.status, 2, result.stderr);
        assert.equal(result.stderr.trim(), message);
        assert.equal(existsSync(db), false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
