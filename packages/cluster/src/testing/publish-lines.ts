/**
 * Test and bench helpers that feed a command stream fast: JetStream publishes pipelined (up to
 * `window` in flight on one connection, written in call order) instead of one round trip each,
 * and a single-process reference fed in chunks (one journal commit per chunk instead of per line).
 * Both keep the order of the lines, so the end states are those of line-by-line feeding.
 */
import { parseCommand } from '@margin/engine';
import type { DurableHost } from '@margin/host';
import type { ClusterClient } from '../cluster-client.js';

/** Publishes every line in order; returns the last stream seq. Throws if the stream took them out of order. */
export async function publishLines(client: ClusterClient, lines: readonly string[], window = 200): Promise<number> {
  let last = 0;
  for (let start = 0; start < lines.length; start += window) {
    const acks = await Promise.all(lines.slice(start, start + window).map((line) => client.publish(JSON.parse(line), line)));
    for (const ack of acks) {
      if (ack.duplicate) continue;
      if (ack.seq <= last) throw new Error(`the stream took line ${start} onwards out of order (seq ${ack.seq} after ${last})`);
      last = ack.seq;
    }
  }
  return last;
}

/** Submits every line to one durable host in order, `chunk` lines per submit (each one commit). */
export async function submitLines(host: DurableHost, lines: readonly string[], chunk = 500): Promise<void> {
  for (let start = 0; start < lines.length; start += chunk) {
    await host.submit(lines.slice(start, start + chunk).map((line) => ({ command: parseCommand(JSON.parse(line)), text: line })));
  }
  await host.flush();
}
