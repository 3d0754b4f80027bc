/**
 * `GET /v1/instruments` lists option instruments with their contract terms (kind, right,
 * underlying, strike, expiry, contract size, settle asset) beside the futures, on a real loopback
 * server under the `deribit` profile (issue 10); a refused option definition is not listed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DERIBIT_BTC_PERPETUAL, instrumentCommand } from '@margin/testkit';
import type { InstrumentJson } from '@margin/wire';
import { startHarness, type Harness } from './testing/harness.js';

const CALL = { symbol: 'BTC-27MAR26-55000-C', kind: 'inverse-option', right: 'call', underlying: 'BTC-PERPETUAL', settle: 'BTC', contractSize: '1', strike: '55000', expiry: '2026-03-27T08:00:00Z', tickSize: '0.0005' };

describe('GET /v1/instruments with options', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({ engine: { profile: 'deribit' } }, false);
  });
  after(async () => h.close());

  test('an option instrument is listed with its terms; one on an unknown underlying is not', async () => {
    const commands = [
      instrumentCommand(DERIBIT_BTC_PERPETUAL, 'i-perp'),
      { type: 'price', id: 'p0', symbol: 'BTC-PERPETUAL', markPrice: '50000', indexPrice: '50000', time: '2026-01-01T00:00:00Z' },
      { type: 'instrument', id: 'i-c', instrument: CALL },
      { type: 'instrument', id: 'i-bad', instrument: { ...CALL, symbol: 'ETH-27MAR26-3000-C', underlying: 'ETH-PERPETUAL', strike: '3000' } },
    ];
    const posted = await h.call('POST', '/v1/commands', { body: { commands } });
    assert.equal(posted.status, 200);
    const listed = await h.call('GET', '/v1/instruments');
    assert.equal(listed.status, 200);
    const instruments = listed.json['instruments'] as InstrumentJson[];
    assert.deepEqual(instruments.map((i) => i.symbol), ['BTC-27MAR26-55000-C', 'BTC-PERPETUAL']);
    const option = instruments.find((i) => i.symbol === CALL.symbol);
    assert.deepEqual(
      { kind: option?.kind, right: option?.right, underlying: option?.underlying, strike: option?.strike, expiry: option?.expiry, contractSize: option?.contractSize, settle: option?.settle, tickSize: option?.tickSize },
      { kind: 'inverse-option', right: 'call', underlying: 'BTC-PERPETUAL', strike: '55000', expiry: '2026-03-27T08:00:00Z', contractSize: '1', settle: 'BTC', tickSize: '0.0005' },
    );
  });
});
