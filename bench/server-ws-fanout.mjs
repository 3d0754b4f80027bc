/* global fetch, setTimeout */
// Benchmark (not a test): WebSocket fan-out. 1,000 subscribers on the `marks` channel of
// `margin serve --demo` (10,000 accounts, a price batch every 500 ms); for each committed batch,
// the latency from the commit (server clock, `committedAt`) to the moment the LAST of the 1,000
// subscribers has it, plus an extra burst of 200 price commands sent as fast as the API takes them.
// Usage: npm run build && node bench/server-ws-fanout.mjs [subscribers=1000] [seconds=20]
import { WebSocket } from 'ws';
import { percentile, startDemoServer } from './server-common.mjs';

const subscribers = Number(process.argv[2] ?? 1000);
const seconds = Number(process.argv[3] ?? 20);
const server = await startDemoServer();
const arrivals = new Map(); // seq -> { committedAt, count, last }
const sockets = [];
try {
  for (let i = 0; i < subscribers; i++) {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/v1/stream`, { headers: { authorization: `Bearer ${server.key}` } });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.on('message', (data) => {
      const now = Date.now();
      const message = JSON.parse(data.toString());
      if (message.channel !== 'marks') return;
      let entry = arrivals.get(message.seq);
      if (entry === undefined) arrivals.set(message.seq, (entry = { committedAt: Date.parse(message.committedAt), count: 0, first: now, last: now }));
      entry.count++;
      entry.last = now;
    });
    socket.send(JSON.stringify({ op: 'subscribe', channel: 'marks' }));
    sockets.push(socket);
  }
  await new Promise((r) => setTimeout(r, 1_000));
  arrivals.clear();
  console.log(`${subscribers} subscribers connected; measuring for ${seconds} s (demo market ticks every 500 ms)...`);
  await new Promise((r) => setTimeout(r, seconds * 1_000));
  // Burst: 200 price commands as fast as the API takes them, each a separate request.
  let time = Date.now() + 60_000;
  const burstStarted = Date.now();
  for (let i = 0; i < 200; i++) {
    time += 1;
    const response = await fetch(`${server.url}/v1/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'price', id: `burst-${i}`, symbol: 'SOLUSDT', markPrice: (150 + (i % 10) / 100).toFixed(3), time: new Date(time).toISOString() }),
    });
    await response.arrayBuffer();
  }
  const burstMs = Date.now() - burstStarted;
  await new Promise((r) => setTimeout(r, 2_000));
  const complete = [...arrivals.values()].filter((e) => e.count === subscribers);
  const lastLatency = complete.map((e) => e.last - e.committedAt).sort((a, b) => a - b);
  const spread = complete.map((e) => e.last - e.first).sort((a, b) => a - b);
  const messages = [...arrivals.values()].reduce((n, e) => n + e.count, 0);
  console.log(`batches delivered to all ${subscribers}: ${complete.length} of ${arrivals.size}; ${messages} messages received`);
  console.log(`commit -> last subscriber ms: p50 ${percentile(lastLatency, 50)}  p99 ${percentile(lastLatency, 99)}  max ${lastLatency[lastLatency.length - 1]}`);
  console.log(`first -> last subscriber ms:  p50 ${percentile(spread, 50)}  p99 ${percentile(spread, 99)}`);
  console.log(`burst: 200 price commands in ${burstMs} ms (${Math.round(200_000 / burstMs)} commands/s, each acknowledged after commit)`);
} finally {
  for (const socket of sockets) socket.close();
  await server.stop();
}
