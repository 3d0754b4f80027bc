/** Core builds the options `margin risk --json` shape; this schema is its contract. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { computeStandardAccount, parseRiskInput, standardAccountToJson } from '@margin/core';
import { optionsRiskJsonSchema } from './options-risk-json.js';

const example = JSON.parse(readFileSync(new URL('../../../../examples/deribit-options.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('options risk JSON contract', () => {
  it("core's output for a Deribit account of a perpetual and options parses strictly", () => {
    const parsed = parseRiskInput(example);
    assert.ok(parsed.options !== undefined);
    const json = standardAccountToJson(computeStandardAccount(parsed.request, parsed.options.book, parsed.options.rules, parsed.options.venueName));
    assert.deepEqual(optionsRiskJsonSchema.parse(json), json);
    assert.equal(json.options.length, 2);
    assert.equal(optionsRiskJsonSchema.safeParse({ ...json, options: [{ ...json.options[0], leverage: '3' }] }).success, false);
  });
});
