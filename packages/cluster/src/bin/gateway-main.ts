/**
 * `node dist/bin/gateway-main.js --nats URL --of N --db FILE|URL --port P`: a gateway process
 * without the CLI (the tests kill -9 it; the bench starts it). Port 0 picks a free port; the
 * printed line names the URL.
 */
import { parseArgs } from 'node:util';
import { parseFloatTargets } from '../fund-float.js';
import { runGateway } from '../run.js';

const { values } = parseArgs({ options: { nats: { type: 'string' }, of: { type: 'string' }, db: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, float: { type: 'string' }, shortfall: { type: 'boolean' } } });
runGateway({ nats: values.nats ?? 'nats://127.0.0.1:4222', of: Number(values.of ?? 1), db: values.db ?? './data/gateway.sqlite', port: Number(values.port ?? 8080), host: values.host ?? '127.0.0.1', floats: parseFloatTargets(values.float ?? ''), shortfall: values.shortfall === true }).then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  },
);
