/** Reading inputs for CLI commands: a file path or `-` for standard input. */
import { readFile } from 'node:fs/promises';
import { InputError } from '@margin/core';

export async function readTextInput(source: string, what: string): Promise<string> {
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(source, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new InputError([what], `cannot read "${source}" (${code})`);
  }
}
