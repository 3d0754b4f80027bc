/* global fetch, setTimeout */
// Shared by the server benchmarks: `margin serve --demo` as a child process on a free loopback
// port over a temp SQLite file, and an admin key without a practical rate limit.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MARGIN = fileURLToPath(new URL('../packages/cli/bin/margin.js', import.meta.url));

export async function startDemoServer(extraArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'margin-bench-'));
  const child = spawn(process.execPath, [MARGIN, 'serve', '--demo', '--port', '0', '--db', join(dir, 'demo.sqlite'), ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const started = Date.now();
  while (!output.includes('ready in')) {
    if (child.exitCode !== null) throw new Error(`margin serve exited:\n${output}`);
    if (Date.now() - started > 120_000) throw new Error(`margin serve did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /dashboard:\s+(http:\/\/\S+?)\/?\s/.exec(output)[1];
  const demoKey = /demo key \(admin\):\s+(mk_\S+)/.exec(output)[1];
  const response = await fetch(`${url}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demoKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'venue', label: 'bench', rateLimitPerMinute: 1_000_000_000 }),
  });
  const { key } = await response.json();
  return {
    url,
    key,
    output: () => output,
    async stop() {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
