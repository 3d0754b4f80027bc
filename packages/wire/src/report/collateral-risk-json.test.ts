/**
 * Core builds the multi-asset `margin risk --json` shape; this schema is its contract.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { computeMultiAssetRisk, multiAssetRiskToJson, parseMultiAssetRiskInput } from '@margin/core';
import { multiAssetRiskJsonSchema } from './collateral-risk-json.js';

const example = JSON.parse(readFileSync(new URL('../../../../examples/binance-multi-assets.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const jsonOf = (input: unknown) => multiAssetRiskToJson(computeMultiAssetRisk(parseMultiAssetRiskInput(input).request));

describe('multi-asset risk JSON contract', () => {
  it("core's output for the Binance Multi-Assets example parses strictly", () => {
    const json = jsonOf(example);
    assert.deepEqual(multiAssetRiskJsonSchema.parse(json), json);
    assert.equal(json.collateral.length, 2);
  });

  it('with a loan and a credit line (the optional parts) too', () => {
    const input = {
      ...example,
      collateral: {
        assets: [
          { asset: 'USDT', quantity: '-50', indexPrice: '1' },
          { asset: 'USDC', quantity: '1000', indexPrice: '1' },
          { asset: 'BTC', quantity: '0.1', indexPrice: '20000' },
        ],
        creditLine: { limit: '500', used: '100', bands: { initial: '0.5', marginCall: '0.7', liquidation: '0.8' } },
      },
    };
    const json = jsonOf(input);
    assert.deepEqual(multiAssetRiskJsonSchema.parse(json), json);
    assert.equal(json.credit?.status, 'ok');
  });

  it('refuses a field that is not in the contract', () => {
    const json = jsonOf(example);
    assert.equal(multiAssetRiskJsonSchema.safeParse({ ...json, account: { ...json.account, leverage: '3' } }).success, false);
  });
});
