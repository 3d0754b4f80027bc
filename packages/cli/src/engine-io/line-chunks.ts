/**
 * Reads a text stream as lines, handed out in chunks of whatever has arrived (up to a maximum),
 * so a fast file fills whole batches while a slow pipe gets each line through promptly. The
 * stream is paused while too many lines wait, so a huge input is never held in memory.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface NumberedLine {
  /** 1-based line number in the input. */
  readonly lineNumber: number;
  readonly text: string;
}

/** Lines waiting before the input is paused. */
const QUEUED_LINES_MAX = 20_000;

export async function* lineChunks(input: Readable, chunkMax: number): AsyncGenerator<NumberedLine[]> {
  const reader = createInterface({ input, crlfDelay: Infinity });
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
  reader.on('line', (text) => {
    queue.push({ lineNumber: ++lineNumber, text });
    if (!paused && queue.length >= QUEUED_LINES_MAX) {
      paused = true;
      reader.pause();
    }
    notify();
  });
  reader.on('close', () => {
    ended = true;
    notify();
  });
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
          reader.resume();
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
    reader.close();
  }
}
