/* global fetch, setTimeout, setInterval, clearInterval */
// Soak benchmark (not a test): `margin serve --demo` for a long run under extra load (batches of
// deposits and withdrawals over 2,000 accounts posted to /v1/commands with the demo key, RATE
// commands per second, default 500), sampling the server's RSS,
// the journal's size (main file + WAL) and its archive's, and the committed seq, to show memory
// and the live journal stay flat while the archive takes the history (retention, docs/durability.md).
// Usage: npm run build && node bench/soak.mjs [seconds=600] [sampleSeconds=30]
//   ARCHIVE=0 runs without --archive (the journal then grows with every command);
//   SNAPSHOT_EVERY (default 20000) is passed as --snapshot-every.
// Ends with SIGINT (commit, snapshot, close) and `margin state` from the snapshot and by full
// replay, which must print the same state hash.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const seconds = Number(process.argv[2] ?? 600);
const sampleSeconds = Number(process.argv[3] ?? 30);
const archive = process.env.ARCHIVE !== '0';
const bin = new URL('../packages/cli/bin/margin.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'margin-soak-'));
const db = join(dir, 'soak.sqlite');

const size = (path) => (existsSync(path) ? statSync(path).size : 0);
const mb = (bytes) => (bytes / 1_048_576).toFixed(1);
function rssBytes(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? 0 : Number(match[1]) * 1024;
}

const rate = Number(process.env.RATE ?? 500);
const snapshotEvery = process.env.SNAPSHOT_EVERY ?? '20000';
const args = ['serve', '--demo', '--port', '0', '--db', db, '--snapshot-every', snapshotEvery, ...(archive ? ['--archive'] : [])];
const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
child.stdout.on('data', (chunk) => (output += chunk));
child.stderr.on('data', (chunk) => (output += chunk));
const [url, key] = await new Promise((resolve, reject) => {
  const timer = setInterval(() => {
    const found = /dashboard:\s+(http:\/\/\S+)\//.exec(output);
    const demoKey = /demo key \(admin\): (\S+)/.exec(output);
    if (found !== null && demoKey !== null) {
      clearInterval(timer);
      resolve([found[1], demoKey[1]]);
    }
  }, 100);
  child.on('exit', (code) => reject(new Error(`margin serve exited with ${code}:\n${output}`)));
});

// The extra load: every 100 ms one POST of rate/10 commands (a deposit, then a withdrawal of it).
let posted = 0;
let postErrors = 0;
let loading = true;
const load = (async () => {
  while (loading) {
    const tick = performance.now();
    const commands = [];
    for (let i = 0; i < rate / 10; i++, posted++) {
      const account = `soak-${posted % 2000}`;
      commands.push(posted % 2 === 0
        ? { type: 'deposit', id: `soak-${posted}`, account, asset: 'USDT', amount: '100.5' }
        : { type: 'withdraw', id: `soak-${posted}`, account: `soak-${(posted - 1) % 2000}`, asset: 'USDT', amount: '100.5' });
    }
    const answer = await fetch(`${url}/v1/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ commands }),
    }).catch(() => null);
    if (answer === null || answer.status !== 200) postErrors++;
    await answer?.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (performance.now() - tick))));
  }
})();

console.log(`soak: margin ${args.join(' ')} for ${seconds} s, a sample every ${sampleSeconds} s (node ${process.version})`);
console.log('  t(s)   seq       cmd/s   RSS(MB)  journal(MB)  archive(MB)');
const started = performance.now();
const samples = [];
let lastSeq = 0;
let lastAt = started;
for (;;) {
  await new Promise((resolve) => setTimeout(resolve, sampleSeconds * 1000));
  const now = performance.now();
  const health = await fetch(`${url}/v1/health`).then((r) => r.json()).catch((error) => ({ error: String(error) }));
  const seq = typeof health.lastSeq === 'number' ? health.lastSeq : lastSeq;
  const sample = {
    t: Math.round((now - started) / 1000),
    seq,
    rate: Math.round(((seq - lastSeq) * 1000) / (now - lastAt)),
    rss: rssBytes(child.pid),
    journal: size(db) + size(`${db}-wal`),
    archive: size(`${db}-archive`) + size(`${db}-archive-wal`),
  };
  samples.push(sample);
  lastSeq = seq;
  lastAt = now;
  console.log(`  ${String(sample.t).padStart(4)}  ${String(seq).padStart(8)}  ${String(sample.rate).padStart(6)}  ${mb(sample.rss).padStart(7)}  ${mb(sample.journal).padStart(11)}  ${mb(sample.archive).padStart(11)}`);
  if (now - started >= seconds * 1000) break;
}
loading = false;
await load;
child.kill('SIGINT');
await new Promise((resolve) => child.on('exit', resolve));
const fromSnapshot = spawnSync(process.execPath, [bin, 'state', '--db', db, '--hash'], { encoding: 'utf8' });
const replayStarted = performance.now();
const fullReplay = spawnSync(process.execPath, [bin, 'state', '--db', db, '--hash', '--full-replay'], { encoding: 'utf8' });
const replaySeconds = ((performance.now() - replayStarted) / 1000).toFixed(1);
const rss = samples.map((s) => s.rss);
const journal = samples.map((s) => s.journal);
console.log(`posted ${posted} commands, ${postErrors} failed POSTs`);
console.log(`RSS ${mb(Math.min(...rss))}-${mb(Math.max(...rss))} MB; journal ${mb(Math.min(...journal))}-${mb(Math.max(...journal))} MB; archive at the end ${mb(samples.at(-1)?.archive ?? 0)} MB; ${lastSeq} commands`);
console.log(`state hash from the snapshot ${fromSnapshot.stdout.trim() || fromSnapshot.stderr.trim()}`);
console.log(`state hash by full replay    ${fullReplay.stdout.trim() || fullReplay.stderr.trim()} (${replaySeconds} s)`);
console.log(fromSnapshot.stdout.trim() === fullReplay.stdout.trim() && fromSnapshot.status === 0 ? 'hashes agree' : 'HASHES DIFFER');
rmSync(dir, { recursive: true, force: true });
