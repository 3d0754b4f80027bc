import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFixed as d, formatFixed } from '../num/decimal.js';
import { toUnits } from '../num/fixed.js';
import type { OptionInstrument } from '../instrument/option-instrument.js';
import { applyOptionFill, fillPremium, premiumTransfer, settlementValue, type OptionPositionState } from './premium.js';
import { optionTradeFee } from './fee.js';

const option = (kind: OptionInstrument['kind'], right: OptionInstrument['right'], strike: string, contractSize = '1') => ({
  kind,
  right,
  strike: d(strike),
  contractSize: d(contractSize),
});

test('premium and settlement: Deribit inverse call bought for 0.05 BTC, settled at 12,500: pays 0.2 BTC, profit 0.15', () => {
  // https://testapp.deribit.com/pages/docs/options
  const call = option('inverse-option', 'call', '10000');
  const paid = fillPremium(call, d('1'), d('0.05'));
  const settled = settlementValue(call, d('1'), d('12500'));
  assert.equal(formatFixed(settled), '0.2');
  assert.equal(formatFixed(settled - paid), '0.15');
  const put = option('inverse-option', 'put', '10000');
  assert.equal(formatFixed(settlementValue(put, d('1'), d('5000')) - fillPremium(put, d('1'), d('0.05'))), '0.95');
  // SOL x 10 linear: 3 contracts = 30 SOL at 1.25 USDC
  assert.equal(formatFixed(fillPremium(option('linear-option', 'call', '150', '10'), d('3'), d('1.25'))), '37.5');
});

test('average entry and realised PnL of the premium', () => {
  const instrument = { contractSize: d('1') };
  let position: OptionPositionState = { size: 0n, entryPrice: 0n };
  position = applyOptionFill(instrument, position, d('2'), d('0.01')).position;
  position = applyOptionFill(instrument, position, d('2'), d('0.02')).position;
  assert.equal(formatFixed(position.entryPrice), '0.015');
  const reduce = applyOptionFill(instrument, position, d('-1'), d('0.03'));
  assert.equal(formatFixed(reduce.realizedPnl), '0.015');
  assert.equal(formatFixed(reduce.position.size), '3');
  const flip = applyOptionFill(instrument, reduce.position, d('-5'), d('0.01'));
  assert.deepEqual([formatFixed(flip.position.size), formatFixed(flip.position.entryPrice), formatFixed(flip.realizedPnl)], ['-2', '0.01', '-0.015']);
});

test('property: premium transfers, capped fees and expiry settlement conserve money exactly over a ledger', () => {
  const decimals = 8;
  fc.assert(
    fc.property(
      fc.constantFrom<OptionInstrument['kind']>('linear-option', 'inverse-option'),
      fc.constantFrom<OptionInstrument['right']>('call', 'put'),
      fc.array(
        fc.record({
          buyer: fc.integer({ min: 0, max: 3 }),
          seller: fc.integer({ min: 0, max: 3 }),
          size: fc.integer({ min: 1, max: 10_000 }).map((n) => BigInt(n) * 10n ** 16n), // 0.01 .. 100 contracts
          price: fc.integer({ min: 1, max: 5_000_000 }).map((n) => BigInt(n) * 10n ** 11n), // 0.0000001 .. 0.5 (x 10^4 for linear)
        }),
        { minLength: 1, maxLength: 30 },
      ),
      fc.integer({ min: 1, max: 200_000 }).map((n) => BigInt(n) * 10n ** 18n),
      (kind, right, fills, settlePrice) => {
        const instrument = option(kind, right, '50000', kind === 'linear-option' ? '0.1' : '1');
        const scale = kind === 'linear-option' ? 10_000n : 1n;
        const wallets = [0n, 0n, 0n, 0n];
        const positions: OptionPositionState[] = wallets.map(() => ({ size: 0n, entryPrice: 0n }));
        let fees = 0n;
        let rounding = 0n;
        const index = d('50000');
        for (const fill of fills) {
          if (fill.buyer === fill.seller) continue;
          const price = fill.price * scale;
          const premium = premiumTransfer(fillPremium(instrument, fill.size, price), decimals);
          assert.ok(premium.roundingUnits >= 0n && premium.roundingUnits <= 1n);
          const coins = (fill.size * instrument.contractSize) / 10n ** 18n;
          const fee = toUnits(optionTradeFee(d('0.0003'), d('0.125'), index, price, coins), decimals, 'ceil');
          // The cap binds: a fee never exceeds 12.5% of the premium (plus one unit of rounding).
          assert.ok(fee <= premium.paidUnits / 8n + 1n);
          wallets[fill.buyer] = (wallets[fill.buyer] ?? 0n) - premium.paidUnits - fee;
          wallets[fill.seller] = (wallets[fill.seller] ?? 0n) + premium.receivedUnits - fee;
          fees += 2n * fee;
          rounding += premium.roundingUnits;
          positions[fill.buyer] = applyOptionFill(instrument, positions[fill.buyer] ?? { size: 0n, entryPrice: 0n }, fill.size, price).position;
          positions[fill.seller] = applyOptionFill(instrument, positions[fill.seller] ?? { size: 0n, entryPrice: 0n }, -fill.size, price).position;
        }
        // Open interest nets to zero across accounts.
        assert.equal(positions.reduce((sum, p) => sum + p.size, 0n), 0n);
        // Settlement: longs receive, shorts pay, through the clearing account, rounding named.
        let clearing = 0n;
        positions.forEach((position, i) => {
          if (position.size === 0n) return;
          const value = settlementValue(instrument, position.size, settlePrice);
          const units = position.size > 0n ? toUnits(value, decimals, 'floor') : -toUnits(value, decimals, 'ceil');
          wallets[i] = (wallets[i] ?? 0n) + units;
          clearing -= units;
        });
        // Clearing keeps at least 0 (shorts pay up, longs receive down) and only rounding.
        assert.ok(clearing >= 0n);
        const total = wallets.reduce((sum, w) => sum + w, 0n) + fees + rounding + clearing;
        assert.equal(total, 0n);
      },
    ),
  );
});
