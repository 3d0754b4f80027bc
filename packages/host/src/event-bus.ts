/**
 * Fan-out of committed batches. Listeners get each committed batch once, in journal order, only
 * after its transaction committed; the host awaits an async listener before the next batch (the
 * CLI's stdout backpressure). A throwing synchronous listener is reported and skipped, so one
 * broken view cannot stop the others; an async listener that rejects fails the host (the CLI's
 * output broke: nothing more may be acknowledged).
 */
import type { EngineEvent } from '@margin/engine';

export interface CommittedBatch {
  /** The batch's events in order (`duplicate` answers included), to filter and route. */
  readonly events: readonly EngineEvent[];
  /** The same events, each as the one JSON text that was journaled: print and send these. */
  readonly eventTexts: readonly string[];
  /** Seq of the last journaled command (the batch may hold only duplicates: then the seq before it). */
  readonly lastSeq: number;
  /** Wall-clock time of the commit, epoch ms (not engine time: the engine has no clock). */
  readonly committedAtMs: number;
}

export type BatchListener = (batch: CommittedBatch) => void | Promise<void>;

export class EventBus {
  private readonly listeners = new Set<BatchListener>();

  subscribe(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async publish(batch: CommittedBatch): Promise<void> {
    for (const listener of this.listeners) {
      let result: void | Promise<void>;
      try {
        result = listener(batch);
      } catch (error) {
        process.emitWarning(`event listener failed: ${(error as Error).stack ?? String(error)}`);
        continue;
      }
      if (result !== undefined) await result;
    }
  }
}
