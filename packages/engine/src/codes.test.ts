import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { REJECT_CODE_LIST } from './codes.js';

describe('reject codes', () => {
  it('are unique snake_case names, each listed in docs/errors.md and nothing else', () => {
    assert.equal(new Set(REJECT_CODE_LIST).size, REJECT_CODE_LIST.length);
    for (const code of REJECT_CODE_LIST) assert.match(code, /^[a-z]+(_[a-z]+)*$/);
    const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^\| `([a-z_]+)` \|/gm)].map((match) => match[1]);
    assert.deepEqual([...documented].sort(), [...REJECT_CODE_LIST].sort());
  });
});
