import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { LINE_BYTES_MAX, lineChunks, type NumberedLine } from './line-chunks.js';

async function readAll(chunks: readonly (string | Buffer)[], lineBytesMax?: number): Promise<NumberedLine[]> {
  const lines: NumberedLine[] = [];
  for await (const chunk of lineChunks(Readable.from(chunks), 100, lineBytesMax)) lines.push(...chunk);
  return lines;
}

const OVERLONG = (max: number) => `is longer than ${max} bytes (the longest line read)`;

describe('lineChunks', () => {
  it('reads 1 MiB lines at most, as the API reads 1 MiB bodies', () => {
    assert.equal(LINE_BYTES_MAX, 1024 * 1024);
  });

  it('a line at the maximum is read; one byte more is one unreadable line, and the next line goes on', async () => {
    const lines = await readAll(['0123456789\n0123', '4567890', '1\n', 'after\n', 'abcdefghijk'], 10);
    assert.deepEqual(lines, [
      { lineNumber: 1, text: '0123456789' },
      { lineNumber: 2, text: '', unreadable: OVERLONG(10) },
      { lineNumber: 3, text: 'after' },
      { lineNumber: 4, text: '', unreadable: OVERLONG(10) },
    ]);
  });

  it('an over-long line that ends in the same chunk it began in is refused too', async () => {
    const lines = await readAll(['short\n01234567890123\nlast'], 10);
    assert.deepEqual(lines.map((line) => line.unreadable ?? line.text), ['short', OVERLONG(10), 'last']);
  });

  it('skips a 3 MiB line arriving in 64 KiB chunks at the default maximum and reads the line after it', async () => {
    const piece = Buffer.alloc(64 * 1024, 0x61);
    const chunks = [...Array.from({ length: 48 }, () => piece), Buffer.from('\n{"ok":1}\n')];
    const lines = await readAll(chunks);
    assert.deepEqual(lines, [
      { lineNumber: 1, text: '', unreadable: OVERLONG(LINE_BYTES_MAX) },
      { lineNumber: 2, text: '{"ok":1}' },
    ]);
  });

  it('ends lines at LF, CRLF (also split across chunks) and CR, and counts the maximum per line so ended', async () => {
    const lines = await readAll(['a\r', '\nb\rc\r\r', 'd\n0123456789x\rlast\r'], 10);
    assert.deepEqual(lines.map((line) => line.unreadable ?? line.text), ['a', 'b', 'c', '', 'd', OVERLONG(10), 'last']);
  });

  it('reads a file of short CR-ended lines far longer than the maximum in all', async () => {
    const lines = await readAll([Array.from({ length: 300 }, (_, n) => `line ${n}`).join('\r')], 64);
    assert.equal(lines.length, 300);
    assert.deepEqual(lines.at(-1), { lineNumber: 300, text: 'line 299' });
    assert.equal(lines.filter((line) => line.unreadable !== undefined).length, 0);
  });
});
