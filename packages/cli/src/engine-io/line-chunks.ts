/**
 * Reads a byte stream as UTF-8 lines, handed out in chunks of whatever has arrived (up to a maximum),
 * so a fast file fills whole batches while a slow pipe gets each line through promptly. The
 * stream is paused while too many lines wait, so a huge input is never held in memory. Lines end
 * at LF, CRLF or CR (as node:readline splits them); each line is decoded on its own, so a line that
 * is not valid UTF-8 is reported as such (never read as U+FFFD) and the others go on. A line longer
 * than `lineBytesMax` (counted up to its LF) is one unreadable line: its bytes are dropped as they
 * arrive, never held whole, and the next line goes on (docs/commands.md, "Limits").
 */
import type { Readable } from 'node:stream';

export interface NumberedLine {
  /** 1-based line number in the input. */
  readonly lineNumber: number;
  readonly text: string;
  /** Why the line cannot be read (its bytes are not valid UTF-8); `text` is then empty. */
  readonly unreadable?: string;
}

const LF = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Lines waiting before the input is paused. */
const QUEUED_LINES_MAX = 20_000;

/** Longest NDJSON line read, in bytes: the same 1 MiB as the API's request body limit. */
export const LINE_BYTES_MAX = 1024 * 1024;

export async function* lineChunks(input: Readable, chunkMax: number, lineBytesMax: number = LINE_BYTES_MAX): AsyncGenerator<NumberedLine[]> {
  const queue: NumberedLine[] = [];
  let lineNumber = 0;
  let ended = false;
  let failure: Error | null = null;
  let paused = false;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // The current line passed the maximum: its bytes are skipped up to its LF.
  let overlong = false;
  const pushOverlong = (): void => {
    queue.push({ lineNumber: ++lineNumber, text: '', unreadable: `is longer than ${lineBytesMax} bytes (the longest line read)` });
    overlong = false;
  };
  const pushLine = (bytes: Buffer): void => {
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      queue.push({ lineNumber: ++lineNumber, text: '', unreadable: 'is not valid UTF-8' });
      return;
    }
    if (text.endsWith('\r')) text = text.slice(0, -1);
    for (const part of text.split('\r')) queue.push({ lineNumber: ++lineNumber, text: part });
  };
  const onData = (chunk: Buffer | string): void => {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (let at = bytes.indexOf(LF); at >= 0; at = bytes.indexOf(LF)) {
      if (overlong || pendingBytes + at > lineBytesMax) {
        pushOverlong();
      } else {
        pending.push(bytes.subarray(0, at));
        pushLine(pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending));
      }
      pending = [];
      pendingBytes = 0;
      bytes = bytes.subarray(at + 1);
    }
    if (bytes.length > 0 && !overlong) {
      if (pendingBytes + bytes.length > lineBytesMax) {
        overlong = true;
        pending = [];
        pendingBytes = 0;
      } else {
        pending.push(bytes);
        pendingBytes += bytes.length;
      }
    }
    if (!paused && queue.length >= QUEUED_LINES_MAX) {
      paused = true;
      input.pause();
    }
    notify();
  };
  const onEnd = (): void => {
    if (overlong) pushOverlong();
    else if (pending.length > 0) pushLine(Buffer.concat(pending));
    pending = [];
    pendingBytes = 0;
    ended = true;
    notify();
  };
  input.on('data', onData);
  input.on('end', onEnd);
  input.on('error', (error: Error) => {
    failure = error;
    notify();
  });
  try {
    for (;;) {
      if (failure !== null) throw failure;
      if (queue.length > 0) {
        const chunk = queue.splice(0, chunkMax);
        if (paused && queue.length < QUEUED_LINES_MAX / 2) {
          paused = false;
          input.resume();
        }
        yield chunk;
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    input.off('data', onData);
    input.off('end', onEnd);
    input.pause();
  }
}
