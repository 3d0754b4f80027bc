// Benchmark (not a test): sustained requests per second on GET /v1/accounts/{id}/risk (the
// `margin risk --json` shape, liquidation and bankruptcy prices solved per request) against
// `margin serve --demo` with 10,000 accounts while the demo market keeps ticking.
// Usage: npm run build && node bench/server-risk.mjs [seconds=20] [connections=32]
import autocannon from 'autocannon';
import { startDemoServer } from './server-common.mjs';

const seconds = Number(process.argv[2] ?? 20);
const connections = Number(process.argv[3] ?? 32);
const server = await startDemoServer();
let state = 1;
const nextAccount = () => {
  state = (state * 48271) % 2147483647;
  return `acct-${String((state % 10_000) + 1).padStart(5, '0')}`;
};
try {
  // Warm up (JIT, board pass) before measuring.
  await autocannon({ url: server.url, connections, duration: 3, headers: { authorization: `Bearer ${server.key}` }, requests: [{ setupRequest: (req) => ({ ...req, path: `/v1/accounts/${nextAccount()}/risk` }) }] });
  const result = await autocannon({
    url: server.url,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${server.key}` },
    requests: [{ setupRequest: (req) => ({ ...req, path: `/v1/accounts/${nextAccount()}/risk` }) }],
  });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  console.log(`GET /v1/accounts/{id}/risk, ${connections} connections, ${seconds} s, demo market ticking:`);
  console.log(`  requests/s  mean ${Math.round(result.requests.average)}  (total ${result.requests.total}, non-2xx/errors ${non2xx})`);
  console.log(`  latency ms  p50 ${result.latency.p50}  p99 ${result.latency.p99}  max ${result.latency.max}`);
  console.log(`  throughput  ${(result.throughput.average / 1024 / 1024).toFixed(1)} MiB/s`);
} finally {
  await server.stop();
}
