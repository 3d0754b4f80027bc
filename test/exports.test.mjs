// Export snapshot of every package: the sorted names each public entry exports (its index and the
// subpaths its package.json `exports` names; values and types), checked in as
// packages/<name>/exports.snapshot.txt. An accidental change of a package's public surface fails
// here; an intended one updates the file in the same commit:
//   UPDATE_EXPORT_SNAPSHOT=1 node --test test/exports.test.mjs
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const UPDATE = process.env['UPDATE_EXPORT_SNAPSHOT'] === '1';

/** Each package's public entries: `{ subpath, types, js }` from its package.json `exports`. */
function entriesOf(pkg) {
  const dir = join(REPO_ROOT, 'packages', pkg);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return Object.entries(manifest.exports ?? {}).map(([subpath, target]) => ({
    subpath,
    types: join(dir, target.types),
    js: join(dir, target.default),
  }));
}

const packages = readdirSync(join(REPO_ROOT, 'packages')).filter((pkg) => entriesOf(pkg).length > 0).sort();
const allEntries = packages.flatMap((pkg) => entriesOf(pkg));
const program = ts.createProgram(allEntries.map((e) => e.types), {
  module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, skipLibCheck: true,
});
const checker = program.getTypeChecker();

function exportedNames(typesFile) {
  const source = program.getSourceFile(typesFile);
  assert.ok(source !== undefined, `${typesFile} is built (npm run build)`);
  const module = checker.getSymbolAtLocation(source);
  assert.ok(module !== undefined, `${typesFile} is a module`);
  return checker.getExportsOfModule(module).map((symbol) => symbol.getName()).sort();
}

/** The snapshot text: one section per entry, `# <subpath>` then its names. */
function snapshotText(pkg) {
  return entriesOf(pkg).map((entry) => [`# ${entry.subpath}`, ...exportedNames(entry.types)].join('\n')).join('\n') + '\n';
}

describe('export snapshot per package', () => {
  for (const pkg of packages) {
    it(`@margin/${pkg} exports what packages/${pkg}/exports.snapshot.txt lists`, async () => {
      const file = join(REPO_ROOT, 'packages', pkg, 'exports.snapshot.txt');
      const actual = snapshotText(pkg);
      if (UPDATE) writeFileSync(file, actual);
      assert.ok(existsSync(file), `no snapshot: run UPDATE_EXPORT_SNAPSHOT=1 node --test test/exports.test.mjs`);
      assert.equal(actual, readFileSync(file, 'utf8'), `@margin/${pkg}'s public surface changed: update the snapshot if intended`);
      // Every name the built JavaScript exports is in the declared surface (no runtime-only export).
      for (const entry of entriesOf(pkg)) {
        const declared = new Set(exportedNames(entry.types));
        const runtime = await import(pathToFileURL(entry.js).href);
        for (const name of Object.keys(runtime)) assert.ok(declared.has(name), `${pkg} ${entry.subpath}: ${name}`);
      }
    });
  }
});
