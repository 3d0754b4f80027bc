import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { InputError } from '@margin/core';
import { runCommands, type RunOptions } from './run.js';
import { stateCommand } from './state.js';
import { runRisk } from './risk.js';
import { generateCommandLines } from '@margin/sim';
import { BTCUSDT_LINEAR_1TIER, instrumentCommand } from '@margin/testkit';

const BIN = fileURLToPath(new URL('../../bin/margin.js', import.meta.url));

const LINES = [
  JSON.stringify(instrumentCommand(BTCUSDT_LINEAR_1TIER, 'i1')),
  '{"type":"deposit","id":"d1","account":"alice","asset":"USDT","amount":"1000"}',
  '{"type":"price","id":"p1","symbol":"BTCUSDT","markPrice":"30000","indexPrice":"30001","time":"2026-01-01T00:00:00Z"}',
  '{"type":"fill","id":"f1","account":"alice","symbol":"BTCUSDT","side":"buy","size":"0.1","price":"30000","fee":"1.2","time":"2026-01-01T00:00:01Z"}',
  '{"type":"fill","id":"f2","account":"alice","symbol":"BTCUSDT","side":"buy","size":"0","price":"30000","time":"2026-01-01T00:00:01Z"}',
  'not json',
  '',
  '{"type":"fill","id":"f3","account":"alice","symbol":"BTCUSDT","side":"buy","size":"100","price":"30000","time":"2026-01-01T00:00:02Z"}',
  '{"type":"deposit","id":"d1","account":"alice","asset":"USDT","amount":"1000"}',
  '{"type":"setLeverage","id":"l1","account":"alice","symbol":"BTCUSDT","leverage":"20"}',
];

interface Captured {
  readonly exitCode: number;
  readonly events: { type: string; seq: number; commandId: string; code?: string }[];
  readonly stderr: string;
}

async function run(db: string, lines: readonly string[], options: Partial<RunOptions> = {}): Promise<Captured> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const result = await runCommands(
    { db, input: '-', batchMax: 1000, batchDelayMs: 5, snapshotEvery: 100_000, ...options },
    { stdin: Readable.from([`${lines.join('\n')}\n`]), stdout, stderr },
  );
  const events = out.trim().length === 0 ? [] : out.trim().split('\n').map((line) => JSON.parse(line) as Captured['events'][number]);
  return { exitCode: result.exitCode, events, stderr: err };
}

function withTempDir(body: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-run-'));
    try {
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

describe('margin run', () => {
  it('applies the good lines, reports each bad one with its line number, goes on, and exits 2', withTempDir(async (dir) => {
    const result = await run(join(dir, 'j.sqlite'), LINES);
    assert.equal(result.exitCode, 2);
    assert.equal(
      result.stderr,
      'line 5: fill.size: must be greater than 0, got "0"\n' +
        'line 6: command: is not valid JSON (Unexpected token \'o\', "not json" is not valid JSON)\n',
    );
    assert.deepEqual(
      result.events.map((e) => [e.type, e.seq, e.commandId]),
      [
        ['instrumentDefined', 1, 'i1'],
        ['deposited', 2, 'd1'],
        ['priceUpdated', 3, 'p1'],
        ['filled', 4, 'f1'],
        ['rejected', 5, 'f3'],
        ['duplicate', 2, 'd1'],
        ['leverageSet', 6, 'l1'],
      ],
    );
  }));

  it('a fill the pre-trade check refuses is a rejected event with its code', withTempDir(async (dir) => {
    const result = await run(join(dir, 'j.sqlite'), LINES);
    const rejected = result.events.find((e) => e.type === 'rejected');
    assert.equal(rejected?.code, 'initial_margin_insufficient');
    assert.equal(rejected?.commandId, 'f3');
  }));

  it('a second run with the same input prints only duplicates and leaves the state as it was', withTempDir(async (dir) => {
    const db = join(dir, 'j.sqlite');
    await run(db, LINES);
    const hash = await stateCommand({ db, hash: true });
    const again = await run(db, LINES);
    assert.ok(again.events.every((e) => e.type === 'duplicate'));
    assert.deepEqual(again.events.map((e) => e.seq), [1, 2, 3, 4, 5, 2, 6]);
    assert.equal(await stateCommand({ db, hash: true }), hash);
    assert.match(hash, /^[0-9a-f]{64}\n$/);
  }));

  it('a different command under a used id is rejected id_reused with the original seq, in the same run and a later one', withTempDir(async (dir) => {
    const db = join(dir, 'j.sqlite');
    const withdraw = '{"type":"withdraw","id":"d1","account":"alice","asset":"USDT","amount":"1000"}';
    const first = await run(db, [...LINES.slice(0, 2), withdraw]);
    const hash = await stateCommand({ db, hash: true });
    const again = await run(db, [withdraw, LINES[1] as string]);
    for (const result of [first.events.slice(2), again.events.slice(0, 1)]) {
      assert.deepEqual(result.map((e) => [e.type, e.code, e.seq, e.commandId]), [['rejected', 'id_reused', 2, 'd1']]);
    }
    assert.deepEqual(again.events.slice(1).map((e) => [e.type, e.seq]), [['duplicate', 2]]);
    assert.equal(await stateCommand({ db, hash: true }), hash);
  }));

  it('a line with a key twice or with invalid UTF-8 is a bad line; the lines around it go on', withTempDir(async (dir) => {
    const db = join(dir, 'j.sqlite');
    const input = Buffer.concat([
      Buffer.from('{"type":"deposit","id":"d1","account":"alice","asset":"USDT","amount":"1","amount":"2"}\n'),
      Buffer.from('{"type":"deposit","id":"d2","account":"b'), Buffer.from([0xc3, 0x28]), Buffer.from('","asset":"USDT","amount":"1"}\r\n'),
      Buffer.from('{"type":"deposit","id":"d3","account":"carol","asset":"USDT","amount":"3"}'),
    ]);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const result = await runCommands({ db, input: '-', batchMax: 1000, batchDelayMs: 5, snapshotEvery: 0 }, { stdin: Readable.from([input.subarray(0, 50), input.subarray(50)]), stdout, stderr });
    assert.equal(result.exitCode, 2);
    assert.equal(err, 'line 1: command: has the key "amount" twice (refused: one value would be lost)\nline 2: command: is not valid UTF-8\n');
    assert.deepEqual(out.trim().split('\n').map((line) => (JSON.parse(line) as { commandId: string }).commandId), ['d3']);
  }));

  it('a line longer than 1 MiB is one bad line, read in pieces and never whole; the next line still applies', withTempDir(async (dir) => {
    const db = join(dir, 'j.sqlite');
    const padding = 'x'.repeat(64 * 1024);
    const overlong = ['{"type":"deposit","id":"d1","account":"alice","asset":"USDT","amount":"1","note":"', ...Array.from({ length: 20 }, () => padding), '"}\n'];
    const next = '{"type":"deposit","id":"d2","account":"alice","asset":"USDT","amount":"2"}\n';
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const result = await runCommands({ db, input: '-', batchMax: 1000, batchDelayMs: 5, snapshotEvery: 0 }, { stdin: Readable.from([...overlong, next]), stdout, stderr });
    assert.equal(result.exitCode, 2);
    assert.equal(err, 'line 1: command: is longer than 1048576 bytes (the longest line read)\n');
    assert.deepEqual(out.trim().split('\n').map((line) => (JSON.parse(line) as { commandId: string }).commandId), ['d2']);
  }));

  it('margin risk refuses an input file with a key twice, naming it', () => {
    assert.throws(() => runRisk('{"profile":"generic","profile":"binance"}', { json: true }), (error: unknown) => error instanceof InputError && error.message === 'input: has the key "profile" twice (refused: one value would be lost)');
  });

  it('margin state --account with an unknown asset is refused naming it, not zeros', withTempDir(async (dir) => {
    const db = join(dir, 'j.sqlite');
    await run(db, LINES.slice(0, 2));
    await assert.rejects(stateCommand({ db, account: 'alice', asset: 'NOPE' }), (error: unknown) => error instanceof InputError && /"alice" with asset "NOPE"/.test(error.message));
    assert.match(await stateCommand({ db, account: 'alice', asset: 'USDT' }), /"walletBalance": "1000"/);
  }));

  it('exits 0 when every line is good, and shows a summary when asked', withTempDir(async (dir) => {
    const good = LINES.filter((_, i) => i < 4);
    const result = await run(join(dir, 'j.sqlite'), good, { progress: true });
    assert.equal(result.exitCode, 0);
    assert.match(result.stderr, /4 commands in [\d.]+ s \([\d,]+\/s\): 4 accepted, 0 rejected, 0 bad lines, 0 duplicates; journal at seq 4\n$/);
  }));

  it('refuses an input file it cannot read, as bad input on --input', withTempDir(async (dir) => {
    await assert.rejects(
      runCommands({ db: join(dir, 'j.sqlite'), input: join(dir, 'missing.ndjson'), batchMax: 10, batchDelayMs: 5, snapshotEvery: 0 }, { stdin: Readable.from([]), stdout: new PassThrough(), stderr: new PassThrough() }),
      (error: unknown) => error instanceof InputError && /input: cannot read ".*missing.ndjson" \(ENOENT\)/.test(error.message),
    );
  }));

  it('prints each event as soon as its command committed, while standard input stays open', { timeout: 30_000 }, withTempDir(async (dir) => {
    const child = spawn(process.execPath, [BIN, 'run', '--db', join(dir, 'j.sqlite')], { stdio: ['pipe', 'pipe', 'pipe'] });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      for (const [index, line] of LINES.slice(0, 4).entries()) {
        child.stdin.write(`${line}\n`);
        const event = JSON.parse(String((await lines.next()).value)) as { seq: number };
        assert.equal(event.seq, index + 1);
      }
      child.stdin.end();
      assert.equal(await closed, 0);
    } finally {
      child.kill('SIGKILL'); // a no-op once it exited; never leave it behind a failed assertion
    }
  }));

  it('keeps applying and journaling every command when the reader of its output goes away', { timeout: 60_000 }, withTempDir(async (dir) => {
    const input = join(dir, 'commands.ndjson');
    const lines = generateCommandLines({ seed: 5, lines: 3_000 });
    writeFileSync(input, `${lines.join('\n')}\n`);
    const reference = await run(join(dir, 'reference.sqlite'), lines);
    const child = spawn(process.execPath, [BIN, 'run', '--db', join(dir, 'j.sqlite'), '--input', input], { stdio: ['ignore', 'pipe', 'ignore'] });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const first = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
      assert.equal(first.done, false);
      child.stdout.destroy(); // like `margin run | head -1`
      assert.equal(await closed, reference.exitCode);
    } finally {
      child.kill('SIGKILL');
    }
    assert.equal(await stateCommand({ db: join(dir, 'j.sqlite'), hash: true }), await stateCommand({ db: join(dir, 'reference.sqlite'), hash: true }));
  }));
});

describe('margin state', () => {
  it('prints an account\'s risk exactly as `margin risk --json` prints the same account', withTempDir(async (dir) => {
    const db = join(dir, 'j.sqlite');
    await run(db, LINES);
    // The same account as a `margin risk` file: balance 1000 - fee 1.2, 0.1 BTC long at 30000, 20x.
    const riskInput = {
      profile: 'generic',
      account: { balance: '998.8' },
      instruments: [{ ...JSON.parse(LINES[0] ?? '').instrument, markPrice: '30000' }],
      positions: [{ symbol: 'BTCUSDT', side: 'long', size: '0.1', entryPrice: '30000', leverage: '20' }],
    };
    const expected = runRisk(JSON.stringify(riskInput), { json: true }).stdout;
    assert.equal(await stateCommand({ db, account: 'alice', json: true }), expected);
  }));

  it('refuses an unknown account as bad input naming the account', withTempDir(async (dir) => {
    const db = join(dir, 'j.sqlite');
    await run(db, LINES);
    await assert.rejects(stateCommand({ db, account: 'bob', json: true }), (error: unknown) => error instanceof InputError && error.message === `account: no account "bob" in the journal at ${db}`);
  }));

  it('does not create a journal that is not there', withTempDir(async (dir) => {
    await assert.rejects(stateCommand({ db: join(dir, 'none.sqlite'), hash: true }), (error: unknown) => error instanceof InputError && /^db: no journal at /.test(error.message));
  }));

  it('gives the same hash from a full replay as from the snapshot', withTempDir(async (dir) => {
    const db = join(dir, 'j.sqlite');
    await run(db, LINES, { snapshotEvery: 2 });
    assert.equal(await stateCommand({ db, hash: true, fullReplay: true }), await stateCommand({ db, hash: true }));
    assert.match(await stateCommand({ db }), /last seq {6}6\nrebuilt from {2}snapshot at seq 6 \+ 0 replayed\n/);
  }));
});
