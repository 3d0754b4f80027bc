/**
 * The sink is closed over the wire contract's event union: the `@ts-expect-error` lines below
 * compile only while the engine refuses an event type or a field outside the contract (if
 * `emit` ever accepted them, the build fails on the unused directive).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sink } from '../events/sink.js';

describe('Sink', () => {
  it('takes contract events only, and records a rejection as the rejected event', () => {
    const out = new Sink();
    out.emit({ type: 'assetDefined', asset: 'USDT', decimals: '8' });
    // @ts-expect-error an event type that is not in the contract
    out.emit({ type: 'assetRenamed', asset: 'USDT' });
    // @ts-expect-error a field that is not in the contract
    out.emit({ type: 'assetDefined', asset: 'USDT', decimals: '8', label: 'tether' });
    // @ts-expect-error `rejected` is only built by `reject` (it marks the command rejected)
    out.emit({ type: 'rejected', command: 'asset', code: 'asset_in_use', reason: 'x' });
    out.reject('deposit', 'account_not_found');
    assert.equal(out.rejected, true);
    assert.deepEqual(out.events.map((event) => event.type), ['assetDefined', 'assetRenamed', 'assetDefined', 'rejected', 'rejected']);
  });
});
