/**
 * Core builds the `margin risk --json` shape; this schema is its contract. Core's output for a
 * cross and an isolated account parses strictly (an added, renamed or retyped field fails here).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { computeRisk, parseRiskInput, riskReportToJson } from '@margin/core';
import { riskJsonSchema } from './risk-json.js';

const example = JSON.parse(readFileSync(new URL('../../../../examples/binance-faq-cross.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function riskJsonOf(input: unknown) {
  return riskReportToJson(computeRisk(parseRiskInput(input).request));
}

describe('risk JSON contract', () => {
  it("core's output for the Binance FAQ cross account parses strictly", () => {
    const json = riskJsonOf(example);
    assert.deepEqual(riskJsonSchema.parse(json), json);
    assert.equal(json.positions.length, 2);
  });

  it('with isolated positions and open-order margin (the optional fields) too', () => {
    const positions = example['positions'] as Record<string, unknown>[];
    const input = {
      ...example,
      account: { balance: '100000', orderMargin: '12.5' },
      positions: [{ ...positions[0], margin: 'isolated', isolatedBalance: '200000' }, positions[1]],
    };
    const json = riskJsonOf(input);
    assert.deepEqual(riskJsonSchema.parse(json), json);
    assert.ok(json.positions.some((position) => position.isolatedBalance !== undefined));
  });

  it('refuses a field that is not in the contract', () => {
    const json = riskJsonOf(example);
    assert.equal(riskJsonSchema.safeParse({ ...json, account: { ...json.account, leverage: '3' } }).success, false);
  });
});
