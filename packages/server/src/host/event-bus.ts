/**
 * In-process fan-out of committed events. Subscribers get each committed batch once, in journal
 * order, only after its transaction committed (the engine host publishes from its commit hook).
 */
import type { EngineEvent } from '@margin/engine';

export interface PublishedBatch {
  readonly events: readonly EngineEvent[];
  /** Seq of the last journaled command in the batch. */
  readonly lastSeq: number;
  /** Server wall-clock time of the commit, epoch ms (not engine time: the engine has no clock). */
  readonly committedAtMs: number;
}

export type BatchListener = (batch: PublishedBatch) => void;

export class EventBus {
  private readonly listeners = new Set<BatchListener>();

  subscribe(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(batch: PublishedBatch): void {
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch (error) {
        // One broken view must not stop the others or the commit loop.
        process.emitWarning(`event listener failed: ${(error as Error).stack ?? String(error)}`);
      }
    }
  }
}
