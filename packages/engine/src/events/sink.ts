/**
 * Where a handler puts its outcome: events (plain JSON, numbers as decimal strings), or one
 * rejection with a registered code. `applyCommand` stamps `seq` and `commandId` on each.
 * `emit` takes only members of the wire contract's closed event union (@margin/wire): an event
 * type or field that is not in the contract does not compile.
 */
import type { CommandType, EmittedEventBody, EngineEventBody } from '@margin/wire';
import { REJECT_CODES, type RejectCode } from '../codes.js';

export type EventBody = EngineEventBody;

export class Sink {
  readonly events: EngineEventBody[] = [];
  rejected = false;

  emit(event: EmittedEventBody): void {
    this.events.push(event);
  }

  /** Record a rejection; handlers return right after, having changed nothing. */
  reject(commandType: CommandType, code: RejectCode, detail?: string): void {
    this.rejected = true;
    this.events.push({ type: 'rejected', command: commandType, code, reason: detail ?? REJECT_CODES[code] });
  }
}
