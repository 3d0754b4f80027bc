/**
 * `node dist/bin/worker-main.js --nats URL --partition K --of N --db FILE|URL`: a worker process
 * without the CLI (the tests kill -9 it; the bench and `npm run cluster` start it).
 */
import { parseArgs } from 'node:util';
import { runWorker } from '../run.js';

const { values } = parseArgs({ options: { nats: { type: 'string' }, partition: { type: 'string' }, of: { type: 'string' }, db: { type: 'string' } } });
runWorker({ nats: values.nats ?? 'nats://127.0.0.1:4222', partition: Number(values.partition ?? 0), of: Number(values.of ?? 1), db: values.db ?? './data/worker.sqlite' }).then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  },
);
