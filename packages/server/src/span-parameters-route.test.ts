/**
 * `PUT /v1/span-parameters/{set}` (docs/api.md): SPAN risk parameter files are megabytes, above the
 * 1 MiB every other request may send, so this admin-only route takes bodies up to
 * SPAN_REQUEST_BYTES_MAX; a non-admin is refused before the body is read, and the same body on
 * `POST /v1/commands` is still 413.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { SPAN_USD_FUTURE } from '@margin/testkit';
import { SPAN_REQUEST_BYTES_MAX } from '@margin/wire';
import { applyAccepted, startRoleHarness } from './testing/harness-roles.js';
import type { Harness } from './testing/harness.js';

const PA2 = readFileSync(new URL('../../../vectors/portfolio/span-test.pa2', import.meta.url), 'utf8');
const SYMBOLS = [{ symbol: 'ZC-DEC26', contract: 'ZC 202612' }];
// Blank lines are skipped by the PA2 reader: the same set, padded past 1 MiB of JSON.
const PADDED = `${PA2}${'\n'.repeat(1_500_000)}`;

describe('PUT /v1/span-parameters/{set}', () => {
  let h: Harness;
  let venueKey: string;

  before(async () => {
    ({ h, venueKey } = await startRoleHarness());
    await applyAccepted(h, [{ type: 'instrument', id: 'span-zc', instrument: { ...SPAN_USD_FUTURE, symbol: 'ZC-DEC26' } }]);
  });
  after(async () => h.close());

  test('an admin loads a parameter file larger than the 1 MiB request limit', async () => {
    const body = { id: 'span-big', format: 'pa2', content: PADDED, symbols: SYMBOLS };
    assert.ok(JSON.stringify(body).length > 2 * 1024 * 1024 && JSON.stringify(body).length < SPAN_REQUEST_BYTES_MAX);
    const answer = await h.call('PUT', '/v1/span-parameters/cme', { body });
    assert.equal(answer.status, 200, answer.text);
    const [result] = answer.json['results'] as { status: string; type: string; events: { type: string; set?: string }[] }[];
    assert.equal(result?.status, 'accepted');
    assert.equal(result?.type, 'spanParameters');
    const loaded = result?.events.find((e) => e.type === 'spanParametersLoaded');
    assert.equal(loaded?.set, 'cme');
  });

  test('the same body on POST /v1/commands is 413 naming the limit', async () => {
    const answer = await h.call('POST', '/v1/commands', { body: { type: 'spanParameters', id: 'span-big-2', set: 'cme2', format: 'pa2', content: PADDED, symbols: SYMBOLS } });
    assert.equal(answer.status, 413);
    assert.match(String(answer.json['detail']), /exceeds 1048576 bytes/);
  });

  test('a venue key is refused with 403 before the body is read', async () => {
    const answer = await h.call('PUT', '/v1/span-parameters/cme', { key: venueKey, body: { id: 'span-v', format: 'pa2', content: PA2, symbols: SYMBOLS } });
    assert.equal(answer.status, 403);
  });

  test('bad content is refused by the engine with its line and field; type and set may not be sent', async () => {
    const lines = PA2.split('\n');
    const bad = [...lines.slice(0, 25), `${lines[25]?.slice(0, 60)}x0000+${lines[25]?.slice(66)}`, ...lines.slice(26)].join('\n');
    const refused = await h.call('PUT', '/v1/span-parameters/bad', { body: { id: 'span-bad', format: 'pa2', content: bad, symbols: SYMBOLS } });
    assert.equal(refused.status, 200, refused.text);
    const [result] = refused.json['results'] as { status: string; events: { code?: string; reason?: string }[] }[];
    assert.equal(result?.status, 'rejected');
    assert.equal(result?.events[0]?.code, 'span_parameters_invalid');
    assert.match(String(result?.events[0]?.reason), /line 26\.scenario2: columns 61-66/);
    const withSet = await h.call('PUT', '/v1/span-parameters/bad', { body: { id: 'span-set', set: 'other', format: 'pa2', content: PA2, symbols: SYMBOLS } });
    assert.equal(withSet.status, 400);
    assert.match(String(withSet.json['detail']), /body\.set/);
  });
});
