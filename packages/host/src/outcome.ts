/** What one submitted command came to, for a caller that waits for the commit (the API). */
import type { EngineEvent } from '@margin/engine';

export interface CommandOutcome {
  readonly id: string;
  readonly type: string;
  /** Seq the command was journaled under (for a duplicate: the original's seq); null without events. */
  readonly seq: number | null;
  /** `accepted`, `rejected` (a business outcome with a code) or `duplicate`. */
  readonly status: 'accepted' | 'rejected' | 'duplicate';
  readonly events: readonly EngineEvent[];
  /** The same events as the JSON texts that were journaled and published. */
  readonly eventTexts: readonly string[];
}

/** The outcome as JSON text (the events' texts inlined, not serialised again). */
export function outcomeJson(outcome: CommandOutcome): string {
  const head = JSON.stringify({ id: outcome.id, type: outcome.type, seq: outcome.seq, status: outcome.status });
  return `${head.slice(0, -1)},"events":[${outcome.eventTexts.join(',')}]}`;
}
