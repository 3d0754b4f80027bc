/**
 * Writes committed event lines to stdout. A reader that went away (EPIPE) stops the output but
 * not the run: the journal, not the pipe, is the record.
 */
import { once } from 'node:events';

export class EventOutput {
  private broken = false;

  constructor(private readonly out: NodeJS.WritableStream) {
    out.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.broken = true;
      else throw error;
    });
  }

  async writeLines(lines: readonly string[]): Promise<void> {
    if (this.broken || lines.length === 0) return;
    if (this.out.write(`${lines.join('\n')}\n`)) return;
    await Promise.race([once(this.out, 'drain'), once(this.out, 'close'), once(this.out, 'error')]);
  }
}
