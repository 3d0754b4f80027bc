// The dependency rules bite: eslint refuses every import the package graph forbids (and accepts
// every one it allows), and dependency-cruiser refuses import cycles and relative paths into
// another package, on planted files. The graph below is written out again on purpose: it is the
// specification (docs/architecture.md), eslint.config.js is the implementation.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const PACKAGES = ['core', 'wire', 'engine', 'store', 'host', 'sim', 'server', 'cluster', 'cli', 'web', 'testkit'];
// Which @margin packages a package's source may import at run time.
const MAY_IMPORT = {
  core: [],
  wire: ['core'],
  engine: ['core', 'wire'],
  store: ['core'],
  host: ['core', 'wire', 'engine', 'store'],
  sim: ['core', 'wire', 'engine'],
  server: ['core', 'wire', 'engine', 'store', 'host', 'sim'],
  cluster: ['core', 'wire', 'engine', 'store', 'host', 'sim', 'server'],
  cli: ['core', 'wire', 'engine', 'store', 'host', 'sim', 'server', 'cluster'],
  web: [],
  testkit: [],
};

const eslint = new ESLint({ cwd: REPO_ROOT });

/** The dependency-rule messages eslint gives `code` placed at `filePath` (repo-relative). */
async function importErrors(code, filePath) {
  const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, filePath) });
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports');
}

describe('eslint: the package graph', () => {
  it('refuses every backwards or sideways import and accepts every allowed one', async () => {
    const wrong = [];
    for (const from of PACKAGES) {
      for (const to of PACKAGES) {
        if (to === from) continue;
        const code = `import { thing } from '@margin/${to}';\nexport const planted = thing;\n`;
        const errors = await importErrors(code, `packages/${from}/src/planted.ts`);
        const allowed = MAY_IMPORT[from].includes(to);
        if (allowed && errors.length > 0) wrong.push(`${from} -> ${to} refused: ${errors[0].message}`);
        if (!allowed && !errors.some((e) => e.message.includes('dependency rule'))) wrong.push(`${from} -> ${to} accepted`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('names the rule and the allowed packages in the message', async () => {
    const [error] = await importErrors("import { applyCommand } from '@margin/engine';\nexport const a = applyCommand;\n", 'packages/core/src/money/planted.ts');
    assert.match(error.message, /dependency rule: @margin\/core may import only no other @margin package/);
    const [serverError] = await importErrors("import { serve } from '@margin/server';\nexport const s = serve;\n", 'packages/engine/src/risk/planted.ts');
    assert.match(serverError.message, /@margin\/engine may import only @margin\/core, @margin\/wire/);
  });

  it('lets the dashboard import types of wire and core, and nothing at run time', async () => {
    assert.deepEqual(await importErrors("import type { RiskJson } from '@margin/core';\nexport type R = RiskJson;\n", 'packages/web/src/planted.ts'), []);
    assert.deepEqual(await importErrors("export type { RiskJson } from '@margin/wire';\n", 'packages/web/src/planted.ts'), []);
    const runtimeCore = await importErrors("import { parseFixed } from '@margin/core';\nexport const p = parseFixed;\n", 'packages/web/src/planted.ts');
    assert.match(runtimeCore[0].message, /may import only types/);
    const runtimeEngine = await importErrors("import { applyCommand } from '@margin/engine';\nexport const a = applyCommand;\n", 'packages/web/src/planted.ts');
    assert.match(runtimeEngine[0].message, /dependency rule/);
    const typeOfEngine = await importErrors("import type { Command } from '@margin/engine';\nexport type C = Command;\n", 'packages/web/src/planted.ts');
    assert.equal(typeOfEngine.length, 1, 'types of the engine are not part of the API contract');
  });

  it('refuses a deep import into another package, even an allowed one', async () => {
    const errors = await importErrors("import { Sink } from '@margin/engine/src/events/sink.js';\nexport const s = Sink;\n", 'packages/server/src/planted.ts');
    assert.ok(errors.some((e) => e.message.includes('by its name only')), JSON.stringify(errors));
  });

  it('keeps core and the engine free of I/O', async () => {
    const core = await importErrors("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'packages/core/src/planted.ts');
    assert.match(core[0].message, /core does no I\/O/);
    const engine = await importErrors("import { createServer } from 'node:http';\nexport const c = createServer;\n", 'packages/engine/src/planted.ts');
    assert.match(engine[0].message, /engine does no I\/O/);
  });

  it('lets every package\'s tests use the test kit (core\'s too), never its source', async () => {
    const useKit = "import { fixture } from '@margin/testkit';\nexport const f = fixture;\n";
    assert.deepEqual(await importErrors(useKit, 'packages/server/src/planted.test.ts'), []);
    assert.deepEqual(await importErrors(useKit, 'packages/core/src/planted.test.ts'), []);
    assert.equal((await importErrors(useKit, 'packages/core/src/planted.ts')).length, 1);
    assert.equal((await importErrors(useKit, 'packages/engine/src/planted.ts')).length, 1);
    assert.equal((await importErrors("import { serve } from '@margin/server';\nexport const s = serve;\n", 'packages/engine/src/planted.test.ts')).length, 1);
    // The kit depends on no package, so core's and the engine's tests can import it without a cycle.
    assert.equal((await importErrors("import { parseFixed } from '@margin/core';\nexport const p = parseFixed;\n", 'packages/testkit/src/planted.ts')).length, 1);
  });
});

describe('dependency-cruiser: cycles and relative paths', () => {
  function write(root, path, code) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), code);
  }

  it('refuses a runtime cycle, a folder cycle and a relative path into another package', () => {
    const root = mkdtempSync(join(tmpdir(), 'margin-depcruise-'));
    try {
      // runtime cycle between two files
      write(root, 'packages/engine/src/loop/a.ts', "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n");
      write(root, 'packages/engine/src/loop/b.ts', "import { a } from './a.js';\nexport const b = (): number => a() - 1;\n");
      // folder cycle made of type imports only (like risk/ -> apply/sink.ts -> risk/)
      write(root, 'packages/engine/src/upper/handler.ts', "import { lower } from '../lower/helper.js';\nexport class Out { n = lower(); }\n");
      write(root, 'packages/engine/src/lower/helper.ts', "import type { Out } from '../upper/handler.js';\nexport const lower = (o?: Out): number => (o ? 1 : 0);\n");
      // type-only cycle inside one folder (mutually recursive types): allowed
      write(root, 'packages/engine/src/types/account.ts', "import type { Position } from './position.js';\nexport interface Account { positions: Position[] }\n");
      write(root, 'packages/engine/src/types/position.ts', "import type { Account } from './account.js';\nexport interface Position { owner: Account }\n");
      // relative path into another package
      write(root, 'packages/store/src/reach.ts', "import { a } from '../../engine/src/loop/a.js';\nexport const r = a;\n");

      const cli = join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
      const run = spawnSync(process.execPath, [cli, '--config', join(REPO_ROOT, '.dependency-cruiser.mjs'), '--output-type', 'json', 'packages'], { cwd: root, encoding: 'utf8' });
      assert.notEqual(run.status, null, run.stderr);
      const { summary } = JSON.parse(run.stdout);
      // A file cycle is reported once, from one of its members: name its folder.
      const where = (v) => (v.rule.name === 'no-cycle' ? dirname(v.from) : v.from);
      const found = [...new Set(summary.violations.map((v) => `${v.rule.name} ${where(v)}`))].sort();
      assert.deepEqual(found, [
        'no-cycle packages/engine/src/loop',
        'no-folder-cycle packages/engine/src/lower',
        'no-folder-cycle packages/engine/src/upper',
        'no-reach-into-package packages/store/src/reach.ts',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
