/**
 * What the read-route tests add to the harness (harness.ts): an account key for alice and a venue
 * key beside the admin one, to check each route's roles; and a batch of commands that must all be
 * accepted, for a test's own accounts on top of the seed.
 */
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness.js';

export interface RoleHarness {
  readonly h: Harness;
  /** An `account` key of alice (the seed's long). */
  readonly aliceKey: string;
  readonly venueKey: string;
}

/** The seeded harness with alice's account key and a venue key. */
export async function startRoleHarness(): Promise<RoleHarness> {
  const h = await startHarness();
  const aliceKey = (await h.server.ctx.keys.create({ role: 'account', account: 'alice' })).key;
  const venueKey = (await h.server.ctx.keys.create({ role: 'venue' })).key;
  return { h, aliceKey, venueKey };
}

/** POSTs `commands` as one batch with the admin key; the answer is 200 and every command accepted. */
export async function applyAccepted(h: Harness, commands: readonly object[]): Promise<void> {
  const answer = await h.call('POST', '/v1/commands', { body: { commands } });
  assert.equal(answer.status, 200, answer.text);
  for (const r of answer.json['results'] as { status: string; id: string }[]) assert.equal(r.status, 'accepted', r.id);
}
