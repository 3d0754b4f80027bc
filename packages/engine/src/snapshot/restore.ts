/**
 * `restoreState`: the inverse of `snapshotState`. The exact state is rebuilt from the text and the
 * scan arrays are derived again from it, so `stateHash(restoreState(s))` equals the hash of the
 * state that wrote `s`. A malformed snapshot throws `InputError` naming the field.
 */
import { z } from 'zod';
import { restoreOptions } from './option-snapshot.js';
import { restoreSpan } from './span-snapshot.js';
import { InputError, buildTierTable, decodeJson, parseUnits, parseWithSchema, type Instrument } from '@margin/core';
import { decimal, isoTime, oneOf, record, text, INSTRUMENT_KINDS } from '@margin/core';
import { assetLedger } from '../ledger/ledger.js';
import { defineScanSymbol } from '../apply/handlers/market.js';
import { createEngineState } from '../state/create.js';
import { crossPool, newAccount, openPosition } from '../state/positions.js';
import { isSystemAccountName, type EngineState, type Market } from '../state/types.js';
import { SNAPSHOT_VERSION } from './snapshot.js';
import { dynamicRatesFrom, dynamicRatesSnapshotSchema } from '../dynamic/rates-snapshot.js';
import { assetCollateralFrom, assetCollateralSchema, creditLineSchema } from './collateral-json.js';
import { restorePortfolioModel } from '../portfolio/portfolio-scan.js';
import { restoreCollateralMode } from '../collateral/collateral-mode.js';

const units = z.string({ error: 'must be a decimal string' });
const nullableFixed = decimal('any').nullable();
const nullableTime = isoTime.nullable();
const level = z.number().int().min(0).max(255);

const instrumentSchema = record({
  symbol: text(),
  kind: oneOf(INSTRUMENT_KINDS),
  settle: text(),
  contractSize: decimal('positive'),
  tickSize: decimal('positive'),
  lotSize: decimal('positive').nullable(),
  expiry: nullableTime,
  takerFeeRate: decimal('nonNegative').nullable(),
  tiers: z.array(record({ notionalFloor: decimal('nonNegative'), maintenanceRate: decimal('nonNegative'), maintenanceAmount: decimal('nonNegative'), maxLeverage: decimal('positive'), rule: z.literal('step').optional(), basis: z.literal('quantity').optional() })),
  tiersSource: z.string(),
});

const bookLevel = z.tuple([decimal('positive'), decimal('positive')]);

const snapshotSchema = record({
  version: z.literal(SNAPSHOT_VERSION, { error: `must be ${SNAPSHOT_VERSION}` }),
  profile: text(),
  liquidation: record({ executors: z.array(z.string()) }).optional(),
  shortfall: z.literal('hold').optional(),
  marginCalls: record({ warning: z.string(), call: z.string(), liquidation: z.string(), hysteresis: z.string() }),
  lastSeq: z.number().int().min(-1),
  appliedIds: z.array(z.string()),
  previousIds: z.array(z.string()).optional(),
  idWindow: z.number().int().min(1).optional(),
  assets: z.array(record({ asset: text(), decimals: z.number().int().min(0).max(18), deposited: units, withdrawn: units, system: z.record(z.string(), units), collateral: assetCollateralSchema.optional() })),
  options: z.unknown().optional(),
  span: z.unknown().optional(),
  markets: z.array(
    record({
      instrument: instrumentSchema,
      markPrice: nullableFixed,
      indexPrice: nullableFixed,
      priceTime: nullableTime,
      fundingRate: nullableFixed,
      fundingRateTime: nullableTime,
      lastFundingTime: nullableTime,
      settlementPrice: nullableFixed,
      book: record({ bids: z.array(bookLevel), asks: z.array(bookLevel), time: isoTime }).optional(),
      dynamicRates: dynamicRatesSnapshotSchema.optional(),
    }),
  ),
  accounts: z.array(
    record({
      id: text(),
      positionMode: oneOf(['one-way', 'hedge']),
      portfolioModel: text().optional(),
      wallets: z.record(z.string(), units),
      settings: z.record(z.string(), record({ leverage: nullableFixed, margin: oneOf(['cross', 'isolated']) })),
      crossLevels: z.record(z.string(), level),
      creditLine: creditLineSchema.optional(),
      collateralMode: text().optional(),
      creditBand: z.number().int().min(0).max(2).optional(),
      positions: z.array(
        record({
          key: text(),
          symbol: text(),
          positionSide: oneOf(['long', 'short']).nullable(),
          size: decimal('any'),
          entryPrice: decimal('positive'),
          margin: oneOf(['cross', 'isolated']),
          isolatedBalance: units,
          marginLevel: level,
        }),
      ),
      orders: z.array(
        record({
          orderId: text(),
          symbol: text(),
          side: oneOf(['buy', 'sell']),
          positionSide: oneOf(['long', 'short']).nullable(),
          size: decimal('positive'),
          price: decimal('positive'),
          reduceOnly: z.boolean(),
        }),
      ),
    }),
  ),
});

type SnapshotInstrument = z.output<typeof instrumentSchema>;

function instrumentFrom(input: SnapshotInstrument, path: (string | number)[]): Instrument {
  return {
    symbol: input.symbol,
    kind: input.kind,
    settle: input.settle,
    contractSize: input.contractSize,
    tickSize: input.tickSize,
    lotSize: input.lotSize,
    expiryMs: input.expiry,
    takerFeeRate: input.takerFeeRate,
    tiers: buildTierTable(
      input.tiers,
      [...path, 'tiers'],
      input.tiers[0]?.rule === 'step' ? 'step' : 'cumulative',
      input.tiers[0]?.basis === 'quantity' ? 'quantity' : 'notional',
    ),
    tiersSource: input.tiersSource,
  };
}

export function restoreState(snapshot: string): EngineState {
  const { value } = parseWithSchema(snapshotSchema, decodeJson(snapshot, 'snapshot'), ['snapshot']);
  const state = createEngineState({
    profile: value.profile,
    marginCallThresholds: value.marginCalls,
    ...(value.liquidation === undefined ? {} : { liquidation: value.liquidation }),
    ...(value.idWindow === undefined ? {} : { idWindow: value.idWindow }),
  });
  state.lastSeq = value.lastSeq;
  if (value.shortfall === 'hold') state.shortfall = 'hold';
  // A snapshot written before the window was bounded may hold more ids than a generation: they
  // all stay in the newer one, which rotates at the next command.
  for (const id of value.appliedIds) state.appliedIds.add(id);
  for (const id of value.previousIds ?? []) state.previousIds.add(id);
  value.assets.forEach((input, index) => {
    const ledger = assetLedger(state, input.asset);
    ledger.decimals = input.decimals;
    const parse = (text: string, field: string): bigint => {
      try {
        return parseUnits(text, input.decimals);
      } catch {
        throw new InputError(['snapshot', 'assets', index, field], `must be a decimal with at most ${input.decimals} fraction digits`);
      }
    };
    ledger.deposited = parse(input.deposited, 'deposited');
    ledger.withdrawn = parse(input.withdrawn, 'withdrawn');
    for (const [name, amount] of Object.entries(input.system)) {
      if (!isSystemAccountName(name)) throw new InputError(['snapshot', 'assets', index, 'system', name], 'unknown system account');
      ledger.system.set(name, parse(amount, `system.${name}`));
    }
    if (input.collateral !== undefined) ledger.collateral = assetCollateralFrom(input.collateral);
  });
  value.markets.forEach((input, index) => {
    const market: Market = {
      instrument: instrumentFrom(input.instrument, ['snapshot', 'markets', index, 'instrument']),
      markPrice: input.markPrice,
      indexPrice: input.indexPrice,
      priceTimeMs: input.priceTime,
      fundingRate: input.fundingRate,
      fundingRateTimeMs: input.fundingRateTime,
      lastFundingTimeMs: input.lastFundingTime,
      settlementPrice: input.settlementPrice,
      book:
        input.book === undefined
          ? null
          : {
              bids: input.book.bids.map(([price, size]) => ({ price, size })),
              asks: input.book.asks.map(([price, size]) => ({ price, size })),
              timeMs: input.book.time,
            },
      dynamicRates: dynamicRatesFrom(input.dynamicRates, ['snapshot', 'markets', index, 'dynamicRates']),
      symbolIndex: index,
    };
    state.markets.set(market.instrument.symbol, market);
    assetLedger(state, market.instrument.settle);
    defineScanSymbol(state, market);
  });
  const decimalsOf = (asset: string): number => assetLedger(state, asset).decimals;
  value.accounts.forEach((input, index) => {
    const path = ['snapshot', 'accounts', index];
    const account = newAccount(input.id);
    account.positionMode = input.positionMode;
    if (input.creditLine !== undefined) account.creditLine = { limit: input.creditLine.limit, used: input.creditLine.used, bands: input.creditLine.bands };
    if (input.collateralMode !== undefined) restoreCollateralMode(state, account, input.collateralMode, [...path, 'collateralMode']);
    if (input.creditBand !== undefined) account.creditBand = input.creditBand;
    if (input.portfolioModel !== undefined) restorePortfolioModel(state, account, input.portfolioModel, [...path, 'portfolioModel']);
    state.accounts.set(account.id, account);
    for (const [asset, amount] of Object.entries(input.wallets)) account.wallets.set(asset, parseUnits(amount, decimalsOf(asset)));
    for (const [symbol, setting] of Object.entries(input.settings)) account.setSetting(symbol, { leverage: setting.leverage, margin: setting.margin });
    for (const [asset, marginLevel] of Object.entries(input.crossLevels)) {
      const pool = crossPool(state, account, asset);
      state.scan.setLevel(pool, marginLevel);
    }
    input.positions.forEach((position, i) => {
      const market = state.markets.get(position.symbol);
      if (market === undefined) throw new InputError([...path, 'positions', i, 'symbol'], `unknown symbol "${position.symbol}"`);
      openPosition(state, account, market, {
        symbol: position.symbol,
        positionSide: position.positionSide,
        size: position.size,
        entryPrice: position.entryPrice,
        margin: position.margin,
        isolatedUnits: parseUnits(position.isolatedBalance, decimalsOf(market.instrument.settle)),
        level: position.marginLevel,
      });
    });
    for (const order of input.orders) account.setOrder({ ...order });
  });
  restoreOptions(state, value.options);
  restoreSpan(state, value.span);
  return state;
}
