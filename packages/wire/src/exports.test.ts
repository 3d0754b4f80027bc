/**
 * Export snapshot of @margin/wire: the sorted names its entry exports (values and types), checked
 * in as exports.snapshot.txt. An accidental export change fails here; an intended one updates the
 * file (`UPDATE_EXPORT_SNAPSHOT=1 node --test packages/wire/dist/exports.test.js`) in the same commit.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';

const entry = new URL('./index.d.ts', import.meta.url);
const snapshot = new URL('../src/exports.snapshot.txt', import.meta.url);

function exportedNames(): string[] {
  const file = entry.pathname;
  const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  assert.ok(source !== undefined, `${file} is built`);
  const module = checker.getSymbolAtLocation(source);
  assert.ok(module !== undefined, 'the entry is a module');
  return checker.getExportsOfModule(module).map((symbol) => symbol.getName()).sort();
}

describe('@margin/wire exports', () => {
  it('match the checked-in snapshot', () => {
    const names = exportedNames();
    if (process.env['UPDATE_EXPORT_SNAPSHOT'] === '1') writeFileSync(snapshot, `${names.join('\n')}\n`);
    const expected = readFileSync(snapshot, 'utf8').trim().split('\n');
    assert.deepEqual(names, expected);
  });

  it('every runtime export is in the snapshot', async () => {
    const wire = (await import('./index.js')) as Record<string, unknown>;
    const expected = new Set(readFileSync(snapshot, 'utf8').trim().split('\n'));
    for (const name of Object.keys(wire)) assert.ok(expected.has(name), name);
  });
});
