import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../errors.js';
import { decodeJson, decodeUtf8, findDuplicateKey } from './json-text.js';

describe('decodeJson refuses what JSON.parse would lose', () => {
  it('a key twice in one object, naming the key and the path of the object', () => {
    assert.throws(() => decodeJson('{"type":"deposit","amount":"1","amount":"2"}', 'body'), (error: unknown) => error instanceof InputError && error.message === 'body: has the key "amount" twice (refused: one value would be lost)');
    assert.throws(() => decodeJson('{"commands":[{"a":1},{"b":{"x":1,"\\u0078":2}}]}', 'body'), (error: unknown) => error instanceof InputError && error.message.startsWith('body.commands[1].b: has the key "x" twice'));
  });

  it('keeps valid documents, including keys repeated in different objects and brackets inside strings', () => {
    assert.deepEqual(decodeJson('{"a":{"k":1},"b":{"k":2},"s":"{\\"k\\":1,\\"k\\":2}","l":[{"k":1},{"k":2}]}'), { a: { k: 1 }, b: { k: 2 }, s: '{"k":1,"k":2}', l: [{ k: 1 }, { k: 2 }] });
    assert.equal(findDuplicateKey('[1,2,{"a":"\\\\","b":[]}]'), null);
  });

  it('invalid UTF-8 is refused, valid UTF-8 (U+FFFD itself included) is kept', () => {
    assert.throws(() => decodeUtf8(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), 'body'), /body: is not valid UTF-8/);
    assert.equal(decodeUtf8(Buffer.from('{"a":"é\uFFFD"}', 'utf8')), '{"a":"é\uFFFD"}');
  });
});
