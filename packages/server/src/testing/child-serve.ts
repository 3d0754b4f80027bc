/** `margin serve` as a real child process (for crash and restart tests): URL and printed key from its output. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MARGIN_BIN = fileURLToPath(new URL('../../../cli/bin/margin.js', import.meta.url));

export interface ChildServe {
  readonly child: ChildProcess;
  readonly url: string;
  /** The admin key printed on a first start, else null. */
  readonly printedKey: string | null;
  readonly output: () => string;
  /** Graceful stop (SIGINT): commits, snapshots, closes. */
  stop(): Promise<void>;
  /** A crash: SIGKILL, nothing runs after it. */
  kill(): Promise<void>;
}

export async function startChildServe(args: readonly string[], timeoutMs = 60_000): Promise<ChildServe> {
  const child = spawn(process.execPath, [MARGIN_BIN, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = Date.now();
  while (!output.includes('ready in')) {
    if (child.exitCode !== null) throw new Error(`margin serve exited with ${child.exitCode}:\n${output}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`margin serve did not start in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const url = /dashboard:\s+(http:\/\/\S+?)\/?\s/.exec(output)?.[1];
  if (url === undefined) throw new Error(`no URL in output:\n${output}`);
  const printedKey = /(?:created an admin key[^:]*|demo key \(admin\)):\s+(mk_\S+)/.exec(output)?.[1] ?? null;
  return {
    child,
    url,
    printedKey,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
