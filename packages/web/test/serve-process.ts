/**
 * Starts `margin serve` as a real child process on a free loopback port and reads the URL and
 * the printed key from its output. Used by the browser tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MARGIN_BIN = fileURLToPath(new URL('../../cli/bin/margin.js', import.meta.url));

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly key: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

// Seeding the demo's 10,000 accounts takes well under a minute alone, several on a CI machine
// shared with other jobs: the limit only catches a server that never starts.
export async function startServe(args: readonly string[], timeoutMs = 240_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [MARGIN_BIN, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: '' } });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = Date.now();
  for (;;) {
    const url = /dashboard:\s+(http:\/\/\S+?)\/?\s/.exec(output)?.[1];
    const key = /(?:demo key \(admin\)|created an admin key[^:]*):\s+(mk_\S+)/.exec(output)?.[1];
    if (url !== undefined && key !== undefined && output.includes('ready in')) {
      return {
        child,
        url,
        key,
        output: () => output,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGINT');
          }),
      };
    }
    if (child.exitCode !== null) throw new Error(`margin serve exited with ${child.exitCode}:\n${output}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`margin serve did not start within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Pauses or resumes the demo market (`PUT /v1/demo/market`). A pause answers once the last tick is
 * committed and the risk board has reached it: the figures then hold still, so a test compares
 * the screen with the API exactly instead of racing the market.
 */
export async function setDemoMarket(serve: ServeProcess, paused: boolean): Promise<number> {
  const response = await fetch(`${serve.url}/v1/demo/market`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${serve.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ paused }),
  });
  if (response.status !== 200) throw new Error(`PUT /v1/demo/market: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { seq: number }).seq;
}

/**
 * A time for a price command sent to a demo server: a second after the newest mark (the demo's
 * ticks carry their own times, a little ahead of the wall clock; an older price is `price_stale`).
 */
export async function nextPriceTime(serve: ServeProcess): Promise<string> {
  const response = await fetch(`${serve.url}/v1/markets`, { headers: { authorization: `Bearer ${serve.key}` } });
  const { markets } = (await response.json()) as { markets: { time: string | null }[] };
  const newest = Math.max(Date.now(), ...markets.map((m) => (m.time === null ? 0 : Date.parse(m.time))));
  return new Date(newest + 1_000).toISOString();
}
