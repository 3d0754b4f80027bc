/**
 * Decode JSON text at a boundary: a syntax error becomes an InputError with line and column, and
 * what JSON.parse would silently lose is refused: a key twice in one object (JSON.parse keeps the
 * last value, so `"amount":"1","amount":"2"` would deposit 2) and invalid UTF-8 bytes (decoding
 * would turn them into U+FFFD).
 */
import { InputError, type PathSegment } from '../errors.js';

export function decodeJson(text: string, what = 'input'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = /position (\d+)/.exec(message);
    let where = '';
    if (match?.[1] !== undefined) {
      const offset = Number(match[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      where = ` at line ${line} column ${column}`;
    }
    const reason = text.trim().length === 0 ? 'is empty' : `is not valid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
    throw new InputError([what], reason);
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) throw new InputError([what, ...duplicate.path], `has the key "${duplicate.key}" twice (refused: one value would be lost)`);
  return value;
}

/** UTF-8 bytes to text; invalid UTF-8 is an InputError (never U+FFFD). */
export function decodeUtf8(bytes: Uint8Array, what = 'input'): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new InputError([what], 'is not valid UTF-8');
  }
}

interface Frame {
  readonly keys: Set<string> | null;
  index: number;
  key: string | null;
}

/**
 * The first key that appears twice in one object of valid JSON text, with the path of that
 * object; null when there is none. Keys compare after unescaping (`"a"` equals `"\u0061"`).
 */
export function findDuplicateKey(text: string): { path: PathSegment[]; key: string } | null {
  // A quick exit: no object with two members can exist without a comma after a string.
  if (!text.includes('{') || !text.includes(',')) return null;
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) {
          escaped = true;
          i++; // the escaped character cannot end the string
        } else if (d === 0x22) break;
      }
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys != null) {
        const raw = text.slice(start + 1, i);
        const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : raw;
        if (top.keys.has(key)) return { path: pathOf(stack.slice(0, -1)), key };
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
    } else if (c === 0x7b /* { */) {
      stack.push({ keys: new Set(), index: 0, key: null });
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      stack.push({ keys: null, index: 0, key: null });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top !== undefined) {
        top.index++;
        if (top.keys !== null) expectKey = true;
      }
    }
  }
  return null;
}

/** The path of the innermost frame: each frame contributes its current key or index. */
function pathOf(frames: readonly Frame[]): PathSegment[] {
  return frames.map((frame) => (frame.keys !== null ? (frame.key ?? '') : frame.index));
}
