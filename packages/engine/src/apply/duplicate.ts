/** The one builder of the `duplicate` event (the engine's and a durable host's, which stamps the original seq). */
import type { Command } from '../commands/schema.js';

// A type, not an interface: it must fit `EngineEvent`'s index signature.
export type DuplicateEvent = {
  type: 'duplicate';
  /** The seq the command was applied under when it is known (a durable host), else the repeat's own. */
  seq: number;
  commandId: string;
  command: Command['type'];
};

export function duplicateEvent(seq: number, command: Pick<Command, 'id' | 'type'>): DuplicateEvent {
  return { type: 'duplicate', seq, commandId: command.id, command: command.type };
}
