/** Reading inputs for CLI commands: a file path or `-` for standard input, strictly UTF-8. */
import { readFile } from 'node:fs/promises';
import { InputError, decodeUtf8 } from '@margin/core';

export async function readTextInput(source: string, what: string): Promise<string> {
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return decodeUtf8(Buffer.concat(chunks), what);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new InputError([what], `cannot read "${source}" (${code})`);
  }
  return decodeUtf8(bytes, what);
}
