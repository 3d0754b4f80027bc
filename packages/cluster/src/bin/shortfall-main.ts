/**
 * `node dist/bin/shortfall-main.js --nats URL --of N [--kill-after REGEX]`: the shortfall
 * coordinator as its own process (shortfall.ts; `margin gateway --shortfall` runs the same inside
 * a gateway). For the tests, `--kill-after` makes it SIGKILL itself right after the first leg
 * whose command id matches: a kill -9 at a chosen point between two legs.
 */
import { parseArgs } from 'node:util';
import { ClusterClient } from '../cluster-client.js';
import { ShortfallCoordinator } from '../shortfall.js';

const { values } = parseArgs({ options: { nats: { type: 'string' }, of: { type: 'string' }, 'kill-after': { type: 'string' }, 'interval-ms': { type: 'string' } } });
const killAfter = values['kill-after'] === undefined ? null : new RegExp(values['kill-after']);

async function main(): Promise<void> {
  const client = await ClusterClient.connect(values.nats ?? 'nats://127.0.0.1:4222', Number(values.of ?? 1));
  const coordinator = new ShortfallCoordinator(client, { afterLeg: (id) => {
    if (killAfter?.test(id) === true) process.kill(process.pid, 'SIGKILL');
  } });
  coordinator.start(Number(values['interval-ms'] ?? 200), (error) => process.stderr.write(`shortfalls: ${error.message}\n`));
  process.stdout.write('shortfall coordinator, ready\n');
  const stop = (): void => {
    void coordinator.stop().then(() => client.close()).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(1);
});
