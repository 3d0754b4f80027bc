// Runs every compiled test file (`**/dist/**/*.test.js` under packages/) and the repository's own
// tests (`test/**/*.test.mjs`: plain JavaScript, about the repository as a whole) with Node's
// built-in runner, in one run: the spec report on stdout, a TAP copy in a temp file whose counts
// make the closing plain line `N passed, N failed` (CI reads either). Extra arguments go to
// `node --test`.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir, isTest, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, isTest, out);
    else if (isTest(name, path)) out.push(path);
  }
  return out;
}

const compiled = (name, path) => name.endsWith('.test.js') && path.split(/[\\/]/).includes('dist');
const files = [
  ...collect('packages', compiled, []).sort(),
  ...collect('test', (name) => name.endsWith('.test.mjs'), []).sort(),
];
if (files.length === 0) {
  console.error('no test files found under packages/*/dist or test/');
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'margin-tests-'));
const tapFile = join(scratch, 'report.tap');
const result = spawnSync(
  process.execPath,
  [
    '--enable-source-maps', '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...process.argv.slice(2), ...files,
  ],
  { stdio: 'inherit' },
);
function summarise(path) {
  try {
    const tap = readFileSync(path, 'utf8');
    const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
    return `${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`;
  } catch {
    return ''; // the runner died before writing its report: its exit status says so
  }
}
const summary = summarise(tapFile);
rmSync(scratch, { recursive: true, force: true });
if (summary) console.log(`\n${summary}`);
process.exit(result.status ?? 1);
