import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, ONE } from '@margin/core';
import * as kit from '@margin/testkit';
import { parseCommand } from './parse-command.js';

const CONTRACT_EXAMPLES = [
  { type: 'instrument', id: 'i1', instrument: kit.BTCUSDT_LINEAR_1TIER_NO_LOT },
  { type: 'deposit', id: 'd1', account: 'alice', asset: 'USDT', amount: '1000' },
  { type: 'withdraw', id: 'w1', account: 'alice', asset: 'USDT', amount: '10' },
  { type: 'price', id: 'p1', symbol: 'BTCUSDT', markPrice: '30000', indexPrice: '30001', time: '2026-01-01T00:00:00Z' },
  { type: 'fill', id: 'f1', account: 'alice', symbol: 'BTCUSDT', side: 'buy', size: '0.1', price: '30000', fee: '1.2', time: '2026-01-01T00:00:01Z' },
  { type: 'setLeverage', id: 'l1', account: 'alice', symbol: 'BTCUSDT', leverage: '20' },
];

function inputError(json: unknown): string {
  try {
    parseCommand(json);
  } catch (error) {
    assert.ok(error instanceof InputError, `InputError expected, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected an InputError');
}

describe('parseCommand', () => {
  it('accepts every command of the engine contract exactly as written', () => {
    for (const example of CONTRACT_EXAMPLES) assert.equal(parseCommand(example).type, example.type);
  });

  it('accepts every instrument of the test kit as an instrument command (the kit is valid input)', () => {
    const instruments = Object.entries(kit).filter(([, value]) => typeof value === 'object' && value !== null && 'kind' in value);
    assert.ok(instruments.length >= 20, `${instruments.length} kit instruments`);
    for (const [name, instrument] of instruments) {
      const command = parseCommand(kit.instrumentCommand(instrument as kit.InstrumentJson, name));
      assert.equal(command.type, 'instrument', name);
    }
  });

  it('turns decimals into kernel values and times into epoch milliseconds', () => {
    const fill = parseCommand(CONTRACT_EXAMPLES[4]);
    assert.equal(fill.type, 'fill');
    if (fill.type !== 'fill') return;
    assert.equal(fill.size, ONE / 10n);
    assert.equal(fill.fee, (12n * ONE) / 10n);
    assert.equal(fill.time, Date.UTC(2026, 0, 1, 0, 0, 1));
    assert.equal(fill.reduceOnly, false);
  });

  it('names the field path and the rule of a bad field', () => {
    assert.equal(inputError({ ...CONTRACT_EXAMPLES[4], size: '0' }), 'fill.size: must be greater than 0, got "0"');
    assert.match(inputError({ ...CONTRACT_EXAMPLES[4], price: 30000 }), /^fill\.price: must be a decimal string/);
    assert.match(inputError({ ...CONTRACT_EXAMPLES[1], amount: '1e3' }), /^deposit\.amount: must be a plain decimal string without an exponent/);
    assert.match(inputError({ ...CONTRACT_EXAMPLES[3], time: 'yesterday' }), /^price\.time: must be an ISO 8601 time/);
    assert.equal(inputError({ ...CONTRACT_EXAMPLES[1], id: undefined }), 'deposit.id: is required');
    assert.match(inputError({ ...CONTRACT_EXAMPLES[0], instrument: { ...CONTRACT_EXAMPLES[0]?.instrument, kind: 'spot' } }), /^instrument\.instrument\.kind: must be one of/);
  });

  it('refuses a decimal of 100,000 digits by its length and a 10^60 size by the magnitude limit, naming the field', () => {
    const huge = inputError({ ...CONTRACT_EXAMPLES[1], amount: '9'.repeat(100_000) });
    assert.equal(huge, 'deposit.amount: is 100000 characters long, at most 35 allowed: a decimal must be less than 10^15 in magnitude with at most 18 fraction digits');
    assert.equal(
      inputError({ ...CONTRACT_EXAMPLES[4], size: `1${'0'.repeat(60)}` }),
      'fill.size: is 61 characters long, at most 35 allowed: a decimal must be less than 10^15 in magnitude with at most 18 fraction digits',
    );
    assert.equal(
      inputError({ ...CONTRACT_EXAMPLES[4], price: '1000000000000000' }),
      'fill.price: must be less than 10^15 in magnitude (at most 15 integer digits), got "1000000000000000"',
    );
    assert.equal(parseCommand({ ...CONTRACT_EXAMPLES[4], price: '999999999999999.5' }).type, 'fill');
  });

  it('refuses unknown fields, unknown types and non-objects', () => {
    assert.equal(inputError({ ...CONTRACT_EXAMPLES[1], memo: 'x' }), 'deposit.memo: unknown field, not accepted in commands');
    assert.match(inputError({ type: 'teleport', id: 'x' }), /^command\.type: must be one of "asset", "instrument"/);
    assert.match(inputError([1]), /^command: must be a JSON object/);
    assert.match(inputError({ id: 'x' }), /got nothing$/);
  });

  it('accepts the optional fields of orders, hedge mode and funding', () => {
    const order = parseCommand({ type: 'placeOrder', id: 'o1', account: 'a', orderId: 'x', symbol: 'BTCUSDT', side: 'sell', size: '1', price: '31000', positionSide: 'short', reduceOnly: true });
    assert.equal(order.type, 'placeOrder');
    const funding = parseCommand({ type: 'settleFunding', id: 's1', symbol: 'BTCUSDT', time: '2026-01-01T08:00:00Z', rate: '-0.0001' });
    assert.equal(funding.type === 'settleFunding' ? funding.rate : null, -ONE / 10000n);
  });
});
