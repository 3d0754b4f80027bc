/**
 * Reads a byte stream as UTF-8 lines, handed out in chunks of whatever has arrived (up to a maximum),
 * so a fast file fills whole batches while a slow pipe gets each line through promptly. The
 * stream is paused while too many lines wait, so a huge input is never held in memory. Lines end
 * at LF, CRLF or CR (as node:readline splits them); each line is decoded on its own, so a line that
 * is not valid UTF-8 is reported as such (never read as U+FFFD) and the others go on. A line longer
 * than `lineBytesMax` bytes is one unreadable line: its bytes are dropped as they
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
const CR = 0x0d;
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
  // The current line passed the maximum: its bytes are skipped up to its line end.
  let overlong = false;
  // The last chunk ended in CR: an LF first in the next chunk belongs to that CRLF.
  let skipLf = false;
  const pushText = (bytes: Buffer): void => {
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      queue.push({ lineNumber: ++lineNumber, text: '', unreadable: 'is not valid UTF-8' });
      return;
    }
    queue.push({ lineNumber: ++lineNumber, text });
  };
  /** Ends the current line with its last `tail` bytes (CR and LF are ASCII: never inside a UTF-8 sequence). */
  const endLine = (tail: Buffer): void => {
    if (overlong || pendingBytes + tail.length > lineBytesMax) {
      queue.push({ lineNumber: ++lineNumber, text: '', unreadable: `is longer than ${lineBytesMax} bytes (the longest line read)` });
    } else {
      pending.push(tail);
      pushText(pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending));
    }
    pending = [];
    pendingBytes = 0;
    overlong = false;
  };
  const onData = (chunk: Buffer | string): void => {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (skipLf && bytes.length > 0) {
      if (bytes[0] === LF) bytes = bytes.subarray(1);
      skipLf = false;
    }
    // Positions of the next LF and CR, each searched again only once passed (linear per chunk).
    let offset = 0;
    let nextLf = bytes.indexOf(LF);
    let nextCr = bytes.indexOf(CR);
    while (nextLf >= 0 || nextCr >= 0) {
      const at = nextCr < 0 || (nextLf >= 0 && nextLf < nextCr) ? nextLf : nextCr;
      endLine(bytes.subarray(offset, at));
      offset = at + 1;
      if (at === nextCr) {
        if (bytes[offset] === LF) offset++;
        else if (offset === bytes.length) skipLf = true;
      }
      if (nextLf >= 0 && nextLf < offset) nextLf = bytes.indexOf(LF, offset);
      if (nextCr >= 0 && nextCr < offset) nextCr = bytes.indexOf(CR, offset);
    }
    const rest = bytes.subarray(offset);
    if (rest.length > 0 && !overlong) {
      if (pendingBytes + rest.length > lineBytesMax) {
        overlong = true; // dropped as it arrives: never held whole
        pending = [];
        pendingBytes = 0;
      } else {
        pending.push(rest);
        pendingBytes += rest.length;
      }
    }
    if (!paused && queue.length >= QUEUED_LINES_MAX) {
      paused = true;
      input.pause();
    }
    notify();
  };
  const onEnd = (): void => {
    if (overlong || pending.length > 0) endLine(Buffer.alloc(0));
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
