/**
 * Writes committed event lines to stdout, waiting for `drain` when the reader is slow. A reader
 * that went away (EPIPE, e.g. `margin run | head`) stops the output but not the run: the journal,
 * not the pipe, is the record, and every command of the input is still applied and journaled.
 * Any other write error fails the run at the next batch.
 */
export class EventOutput {
  private broken = false;
  private failure: Error | null = null;

  constructor(private readonly out: NodeJS.WritableStream) {
    out.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.broken = true;
      else this.failure ??= error;
    });
  }

  async writeLines(lines: readonly string[]): Promise<void> {
    if (this.failure !== null) throw this.failure;
    if (this.broken || lines.length === 0) return;
    if (this.out.write(`${lines.join('\n')}\n`)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.out.off('drain', done);
        this.out.off('close', done);
        this.out.off('error', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('close', done);
      this.out.on('error', done);
    });
    if (this.failure !== null) throw this.failure;
  }
}
