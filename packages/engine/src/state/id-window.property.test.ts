/**
 * The bounded command-id window (ADR 0005, docs/risk-scan.md "Memory"), as a property over random
 * streams of deposits and withdrawals (some refused: a refused command's id counts too) with ids
 * drawn from a small pool so that repeats are frequent, under random window sizes, with a snapshot
 * and restore somewhere in the middle:
 * - a repeat of any of the last `idWindow` non-duplicate commands is refused with `duplicate`;
 * - an id never seen is never refused;
 * - an id last seen more than 2 x `idWindow` non-duplicate commands ago is applied again (outside
 *   the window the engine has forgotten it; a durable host refuses it from the journal first);
 * - between the two, what happens depends on the generation boundary, but it is the same for the
 *   live state and the restored one.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyCommand } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { createEngineState } from './create.js';
import type { EngineState } from './types.js';

const streamArb = fc.record({
  idWindow: fc.integer({ min: 1, max: 12 }),
  restoreAt: fc.integer({ min: 0, max: 120 }),
  commands: fc.array(
    fc.record({ id: fc.integer({ min: 0, max: 40 }), withdraw: fc.boolean(), amount: fc.integer({ min: 1, max: 5 }) }),
    { minLength: 1, maxLength: 120 },
  ),
});

function apply(state: EngineState, command: { id: number; withdraw: boolean; amount: number }, seq: number): string {
  const json = { type: command.withdraw ? 'withdraw' : 'deposit', id: `c${command.id}`, account: 'a', asset: 'USDT', amount: String(command.amount) };
  const { events } = applyCommand(state, parseCommand(json), { seq });
  return (events[0] as { type: string }).type;
}

it('the id window refuses every repeat inside it, never a new id, and forgets ids beyond twice its size', () => {
  fc.assert(
    fc.property(streamArb, ({ idWindow, restoreAt, commands }) => {
      let state = createEngineState({ idWindow });
      // Per id: the index (among non-duplicate commands) at which it was last applied.
      const lastApplied = new Map<number, number>();
      let applied = 0;
      commands.forEach((command, i) => {
        if (i === restoreAt) {
          const restored = restoreState(snapshotState(state));
          assert.equal(stateHash(restored), stateHash(state));
          state = restored;
        }
        const type = apply(state, command, i + 1);
        const last = lastApplied.get(command.id);
        const age = last === undefined ? Number.POSITIVE_INFINITY : applied - last; // 1 = the previous command
        if (age <= idWindow) assert.equal(type, 'duplicate', `c${command.id} repeated ${age} commands later, window ${idWindow}`);
        if (last === undefined) assert.notEqual(type, 'duplicate', `c${command.id} is new`);
        if (age > 2 * idWindow) assert.notEqual(type, 'duplicate', `c${command.id} is ${age} commands old, beyond 2 x ${idWindow}`);
        if (type !== 'duplicate') lastApplied.set(command.id, applied++);
        // At most 2 x idWindow ids are held.
        assert.ok(state.appliedIds.size + state.previousIds.size <= 2 * idWindow);
      });
    }),
    { numRuns: 400, seed: 16003 },
  );
});
