/**
 * Where a handler puts its outcome: events (plain JSON, numbers as decimal strings), or one
 * rejection with a registered code. `applyCommand` stamps `seq` and `commandId` on each.
 */
import { REJECT_CODES, type RejectCode } from '../codes.js';

export type EventBody = { type: string } & Record<string, unknown>;

export class Sink {
  readonly events: EventBody[] = [];
  rejected = false;

  emit(event: EventBody): void {
    this.events.push(event);
  }

  /** Record a rejection; handlers return right after, having changed nothing. */
  reject(commandType: string, code: RejectCode, detail?: string): void {
    this.rejected = true;
    this.events.push({ type: 'rejected', command: commandType, code, reason: detail ?? REJECT_CODES[code] });
  }
}
