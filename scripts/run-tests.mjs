// Runs every compiled test file (`**/dist/**/*.test.js` under packages/) with Node's built-in
// runner, whose closing summary CI reads. Extra arguments are passed to `node --test`.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.js') && path.includes(`${join('dist', '')}`)) out.push(path);
  }
  return out;
}

const files = collect('packages', []).sort();
if (files.length === 0) {
  console.error('no test files found under packages/*/dist');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--enable-source-maps', '--test', '--test-reporter=spec', ...process.argv.slice(2), ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
