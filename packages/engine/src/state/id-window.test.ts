import { it } from 'node:test';
import assert from 'node:assert/strict';
import { applyCommand } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { createEngineState } from './create.js';
import { ID_WINDOW_DEFAULT } from './id-window.js';
import type { EngineState } from './types.js';

const deposit = (id: string) => parseCommand({ type: 'deposit', id, account: 'a', asset: 'USDT', amount: '1' });

function apply(state: EngineState, id: string, seq: number): string {
  const { events } = applyCommand(state, deposit(id), { seq });
  return (events[0] as { type: string }).type;
}

it('remembers at least the last idWindow ids, at most twice that, and forgets older ones', () => {
  const state = createEngineState({ idWindow: 3 });
  for (let i = 1; i <= 7; i++) assert.equal(apply(state, `d${i}`, i), 'deposited');
  // Generations: {d4,d5,d6} full -> previous; {d7} current. d1..d3 are forgotten.
  for (const id of ['d4', 'd5', 'd6', 'd7']) assert.equal(apply(state, id, 8), 'duplicate', id);
  assert.equal(state.appliedIds.size + state.previousIds.size, 4);
  assert.equal(apply(state, 'd1', 8), 'deposited', 'an id beyond the window is applied again: the journal is the long memory');
});

it('a rotated window is in the snapshot and the hash, and restores to the same behaviour', () => {
  const live = createEngineState({ idWindow: 2 });
  for (let i = 1; i <= 5; i++) apply(live, `d${i}`, i);
  const text = snapshotState(live);
  assert.match(text, /"idWindow":2/);
  assert.match(text, /"previousIds":\["d3","d4"\]/);
  const restored = restoreState(text);
  assert.equal(stateHash(restored), stateHash(live));
  for (const id of ['d3', 'd4', 'd5', 'd6', 'd1']) assert.equal(apply(restored, id, 6), apply(live, id, 6), id);
  assert.equal(stateHash(restored), stateHash(live));
});

it('a state under the default window that never rotated writes the snapshot it wrote before the window existed', () => {
  const state = createEngineState();
  apply(state, 'd1', 1);
  assert.equal(state.idWindow, ID_WINDOW_DEFAULT);
  const text = snapshotState(state);
  assert.doesNotMatch(text, /previousIds|idWindow/);
  assert.match(text, /"appliedIds":\["d1"\]/);
});

it('refuses an id window below 1', () => {
  assert.throws(() => createEngineState({ idWindow: 0 }), /idWindow: must be a whole number of at least 1/);
});
