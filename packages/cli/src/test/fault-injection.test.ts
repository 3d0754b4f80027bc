/**
 * Fault injection with the real binary, seeded and CI-sized (issue 14): each fault ends in the
 * state hash of an undisturbed run or in one clear refusal (one `error:` line, no stack trace,
 * a nonzero exit):
 * - kill -9 of `margin run --archive` at seeded moments, then reruns of the same input;
 * - kill -9 of `margin serve` while clients post commands: every acknowledged command survives;
 * - a read-only journal (a tmpfs remounted read-only): `margin run` refuses, `margin state` reads;
 * - a full disk (a 512 KiB tmpfs): `margin run` stops with one line; with room again, a rerun
 *   completes to the undisturbed hash;
 * - truncated or emptied files: the journal cut at seeded offsets, a 0-byte file.
 * Mounting needs root (CI runs as root); without it those cases skip saying so.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, generateCommandLines } from '@margin/sim';
import { MARGIN_BIN } from './repo-paths.js';

const SEED = 20261127;
const LINES = 2_000;

function margin(args: readonly string[], input?: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [MARGIN_BIN, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024, ...(input === undefined ? {} : { input }) });
}

function hashOf(db: string, fullReplay = false): string {
  const result = margin(['state', '--db', db, '--hash', ...(fullReplay ? ['--full-replay'] : [])]);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

/** One clear refusal: exit nonzero, exactly one stderr line, starting `error:`, no stack frame. */
function assertClearRefusal(result: SpawnSyncReturns<string>, pattern: RegExp): void {
  assert.notEqual(result.status, 0, `expected a refusal, got exit 0: ${result.stdout.slice(-200)}`);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${result.stderr}`);
  assert.match(lines[0] as string, /^error: /);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assert.match(lines[0] as string, pattern);
}

function tryMount(dir: string, options: string): string | null {
  mkdirSync(dir, { recursive: true });
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  return result.status === 0 ? null : `mount -t tmpfs is not permitted here (${(result.stderr || String(result.error)).trim()}); CI runs as root`;
}

function unmount(dir: string): void {
  spawnSync('umount', [dir]);
}

describe('fault injection (seeded)', () => {
  let dir: string;
  let input: string;
  let inputText: string;
  let expectedHash: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'margin-faults-'));
    inputText = `${generateCommandLines({ seed: SEED, lines: LINES, badRate: 0 }).join('\n')}\n`;
    input = join(dir, 'input.ndjson');
    writeFileSync(input, inputText);
    const reference = join(dir, 'reference.sqlite');
    const run = margin(['run', '--db', reference, '--input', input, '--snapshot-every', '500']);
    assert.equal(run.status, 0, run.stderr);
    expectedHash = hashOf(reference);
    assert.equal(hashOf(reference, true), expectedHash);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('kill -9 of margin run --archive at seeded moments: reruns end at the undisturbed hash, full replay agrees', async () => {
    const db = join(dir, 'killed.sqlite');
    const rng = new Rng(SEED);
    for (let attempt = 0; attempt < 3; attempt++) {
      const afterLines = 200 + Math.floor(rng.next() * 1_500);
      await new Promise<void>((resolve) => {
        const child = spawn(process.execPath, [MARGIN_BIN, 'run', '--db', db, '--input', input, '--snapshot-every', '300', '--archive'], { stdio: ['ignore', 'pipe', 'ignore'] });
        let printed = 0;
        child.stdout.on('data', (chunk: Buffer) => {
          for (const byte of chunk) if (byte === 10) printed++;
          if (printed >= afterLines) child.kill('SIGKILL');
        });
        child.on('exit', () => resolve());
      });
    }
    const finish = margin(['run', '--db', db, '--input', input, '--snapshot-every', '300', '--archive']);
    assert.equal(finish.status, 0, finish.stderr);
    assert.equal(hashOf(db), expectedHash);
    assert.equal(hashOf(db, true), expectedHash);
  });

  it('kill -9 of margin serve while commands are posted: every acknowledged command is journaled', async () => {
    const db = join(dir, 'serve.sqlite');
    const child = spawn(process.execPath, [MARGIN_BIN, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const [url, key] = await new Promise<[string, string]>((resolve, reject) => {
      const timer = setInterval(() => {
        const u = /dashboard:\s+(http:\/\/\S+)\//.exec(out);
        const k = /admin key \(shown once, store it\): (\S+)/.exec(out);
        if (u !== null && k !== null) {
          clearInterval(timer);
          resolve([u[1] as string, k[1] as string]);
        }
      }, 50);
      void exited.then(() => reject(new Error(`margin serve ended: ${out}`)));
    });
    const rng = new Rng(SEED + 1);
    const killAfter = 5 + Math.floor(rng.next() * 20);
    const acknowledged: string[] = [];
    const post = async (i: number): Promise<void> => {
      const answer = await fetch(`${url}/v1/commands`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ commands: [{ type: 'deposit', id: `s${i}`, account: `a${i % 9}`, asset: 'USDT', amount: '10' }] }),
      }).catch(() => null);
      if (answer?.status === 200) acknowledged.push(`s${i}`);
    };
    await post(-1); // the asset's first deposit creates it
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      inFlight.push(post(i));
      if (i === killAfter) child.kill('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(inFlight);
    await exited;
    assert.ok(acknowledged.length > 0, 'some commands were acknowledged before the kill');
    const state = margin(['state', '--db', db]);
    assert.equal(state.status, 0, state.stderr);
    // Every acknowledged id is journaled: re-running them all through margin run gives only duplicates.
    const rerun = margin(['run', '--db', db, '--input', '-'], `${acknowledged.map((id) => JSON.stringify({ type: 'deposit', id, account: `a${Number(id.slice(1)) % 9}`, asset: 'USDT', amount: '10' })).join('\n')}\n`);
    assert.equal(rerun.status, 0, rerun.stderr);
    const types = rerun.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type);
    assert.deepEqual([...new Set(types)], ['duplicate']);
    assert.equal(hashOf(db, true), hashOf(db));
  });

  it('a read-only journal: margin run refuses with one line, margin state too unless SQLite can read it', (t) => {
    const mountDir = join(dir, 'ro');
    const refused = tryMount(mountDir, 'size=16m');
    if (refused !== null) {
      t.skip(refused);
      return;
    }
    try {
      const db = join(mountDir, 'j.sqlite');
      assert.equal(margin(['run', '--db', db, '--input', input, '--snapshot-every', '500']).status, 0);
      assert.equal(spawnSync('mount', ['-o', 'remount,ro', mountDir]).status, 0, 'remount read-only');
      assertClearRefusal(margin(['run', '--db', db, '--input', input]), /j\.sqlite.*read-only|readonly/i);
      // SQLite reads a WAL journal only with its -shm file or a folder to create it in.
      assertClearRefusal(margin(['state', '--db', db]), /read-only file system without its -shm file/);
      const copy = join(dir, 'ro-copy.sqlite');
      copyFileSync(db, copy);
      assert.equal(hashOf(copy), expectedHash);
    } finally {
      unmount(mountDir);
    }
  });

  it('a full disk: margin run stops with one line, nothing acknowledged is lost; with room again a rerun completes to the undisturbed hash', (t) => {
    const mountDir = join(dir, 'full');
    const refused = tryMount(mountDir, 'size=512k');
    if (refused !== null) {
      t.skip(refused);
      return;
    }
    try {
      const db = join(mountDir, 'j.sqlite');
      const run = margin(['run', '--db', db, '--input', input, '--snapshot-every', '500', '--batch-max', '100']);
      assertClearRefusal(run, /disk is full|No space left|SQLITE_FULL/i);
      const printed = run.stdout.trim().split('\n').filter((line) => line.length > 0);
      assert.ok(printed.length > 0, 'some batches committed before the disk filled');
      assert.equal(spawnSync('mount', ['-o', 'remount,size=32m', mountDir]).status, 0, 'more room');
      const rerun = margin(['run', '--db', db, '--input', input, '--snapshot-every', '500']);
      assert.equal(rerun.status, 0, rerun.stderr);
      // What the stopped run printed was committed: the rerun answers those commands as duplicates.
      const firstId = (JSON.parse(printed[0] as string) as { commandId: string }).commandId;
      assert.ok(rerun.stdout.includes(`"type":"duplicate","seq":1,"commandId":"${firstId}"`) || rerun.stdout.includes(`"commandId":"${firstId}"`));
      assert.equal(hashOf(db), expectedHash);
    } finally {
      unmount(mountDir);
    }
  });

  it('truncated and emptied journals: a clear refusal or the undisturbed hash, never a wrong state', () => {
    const reference = join(dir, 'reference.sqlite');
    const size = statSync(reference).size;
    const rng = new Rng(SEED + 2);
    for (let i = 0; i < 4; i++) {
      const cut = join(dir, `cut-${i}.sqlite`);
      copyFileSync(reference, cut);
      const offset = 100 + Math.floor(rng.next() * (size - 100));
      truncateSync(cut, offset);
      const state = margin(['state', '--db', cut, '--hash']);
      if (state.status === 0) assert.equal(state.stdout.trim(), expectedHash, `cut at ${offset} of ${size}`);
      else assertClearRefusal(state, /cut|malformed|corrupt|not a|lost|chain|no such|disk image|database/i);
    }
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    assertClearRefusal(margin(['state', '--db', empty]), /empty file \(0 bytes\), not a journal/);
    assertClearRefusal(margin(['run', '--db', empty, '--input', input]), /empty file \(0 bytes\), not a journal/);
    assert.equal(readFileSync(empty).length, 0, 'still 0 bytes: nothing was written');
  });
});
