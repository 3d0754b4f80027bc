/**
 * zod schemas of the engine commands (the JSON boundary). Decimals are strings, times ISO 8601;
 * parsing yields kernel values (E18 bigints) and epoch milliseconds. Semantic rules that need the
 * state (asset decimals, tick and lot sizes, account existence) are checked by `applyCommand` and
 * come back as `rejected` events instead.
 */
import { z } from 'zod';
import { decimal, instrumentInputSchema, isoTime, list, oneOf, record, text } from '@margin/core';
import { marginRatesCommandSchemaWith } from './margin-rates.js';
import {
  chargeInterestCommandSchema,
  collateralAssetCommandSchema,
  collateralPricesCommandSchema,
  convertCollateralCommandSchema,
  coverLoansCommandSchema,
  creditLineCommandSchema,
  setCollateralModeCommandSchema,
  type ChargeInterestCommand,
  type CollateralAssetCommand,
  type CollateralPricesCommand,
  type ConvertCollateralCommand,
  type CoverLoansCommand,
  type CreditLineCommand,
  type SetCollateralModeCommand,
} from './collateral.js';

export {
  chargeInterestCommandSchema,
  collateralAssetCommandSchema,
  collateralPricesCommandSchema,
  convertCollateralCommandSchema,
  coverLoansCommandSchema,
  creditLineCommandSchema,
  setCollateralModeCommandSchema,
  type ChargeInterestCommand,
  type CollateralAssetCommand,
  type CollateralPricesCommand,
  type ConvertCollateralCommand,
  type CoverLoansCommand,
  type CreditLineCommand,
  type SetCollateralModeCommand,
};
import type { OptionInstrumentCommand, OptionPriceCommand, OptionPricesCommand } from './option-commands.js';
import { adlCloseCommandSchema, liquidationModeCommandSchema, lossShareCommandSchema, shortfallSettleCommandSchema, type AdlCloseCommand, type LiquidationModeCommand, type LossShareCommand, type ShortfallSettleCommand } from './shortfall.js';

export { adlCloseCommandSchema, liquidationModeCommandSchema, lossShareCommandSchema, shortfallSettleCommandSchema, type AdlCloseCommand, type LiquidationModeCommand, type LossShareCommand, type ShortfallSettleCommand };
import { spanParametersCommandSchema, type SpanParametersCommand } from './span-parameters.js';

export { SPAN_CONTENT_LENGTH_MAX, spanParametersCommandSchema, type SpanParametersCommand } from './span-parameters.js';

/**
 * Length limits of names, in UTF-16 code units (JavaScript string length), the same in every
 * command, in the API's routes and in API keys (docs/wire.md): an id that can be written can be
 * read back through `GET /v1/accounts/{account}`.
 */
export const ID_LENGTH_MAX = 200;
export const ACCOUNT_ID_LENGTH_MAX = 200;
export const ASSET_LENGTH_MAX = 32;
export const SYMBOL_LENGTH_MAX = 64;

const id = text('a unique command id string').max(ID_LENGTH_MAX, { error: `must be at most ${ID_LENGTH_MAX} characters` });
/** An account id as every boundary checks it (commands, route params, API keys). */
export const accountIdSchema = text('an account id string').max(ACCOUNT_ID_LENGTH_MAX, { error: `must be at most ${ACCOUNT_ID_LENGTH_MAX} characters` });
const account = accountIdSchema;
const asset = text('an asset name string').max(ASSET_LENGTH_MAX, { error: `must be at most ${ASSET_LENGTH_MAX} characters` });
const symbol = text('a symbol string').max(SYMBOL_LENGTH_MAX, { error: `must be at most ${SYMBOL_LENGTH_MAX} characters` });
const positionSide = oneOf(['long', 'short']);
const side = oneOf(['buy', 'sell']);

export const assetCommandSchema = record({
  type: z.literal('asset'),
  id,
  asset,
  decimals: z
    .number({ error: 'must be an integer from 0 to 18' })
    .int({ error: 'must be an integer from 0 to 18' })
    .min(0, { error: 'must be an integer from 0 to 18' })
    .max(18, { error: 'must be an integer from 0 to 18' }),
});

export const instrumentCommandSchema = record({ type: z.literal('instrument'), id, instrument: instrumentInputSchema });

export const depositCommandSchema = record({ type: z.literal('deposit'), id, account, asset, amount: decimal('positive') });
export const withdrawCommandSchema = record({ type: z.literal('withdraw'), id, account, asset, amount: decimal('positive') });

export const priceCommandSchema = record({
  type: z.literal('price'),
  id,
  symbol,
  markPrice: decimal('positive'),
  indexPrice: decimal('positive').optional(),
  time: isoTime,
});

const priceItemSchema = record({ symbol, markPrice: decimal('positive'), indexPrice: decimal('positive').optional() });

/** Several symbols at one time: one risk scan for the whole batch. */
export const pricesCommandSchema = record({ type: z.literal('prices'), id, time: isoTime, prices: list(priceItemSchema, 1) });

export const fillCommandSchema = record({
  type: z.literal('fill'),
  id,
  account,
  symbol,
  side,
  size: decimal('positive'),
  price: decimal('positive'),
  fee: decimal('any').default(0n),
  time: isoTime,
  positionSide: positionSide.optional(),
  orderId: text('an order id string').optional(),
  reduceOnly: z.boolean({ error: 'must be true or false' }).default(false),
});

export const setLeverageCommandSchema = record({ type: z.literal('setLeverage'), id, account, symbol, leverage: decimal('positive') });

export const setMarginModeCommandSchema = record({
  type: z.literal('setMarginMode'),
  id,
  account,
  symbol,
  mode: oneOf(['cross', 'isolated']),
});

export const setPositionModeCommandSchema = record({ type: z.literal('setPositionMode'), id, account, mode: oneOf(['one-way', 'hedge']) });

/**
 * Puts an account in portfolio margin with a portfolio venue record (`deribit-pm`, `okx-pm`), or
 * back to per-position margin with `"off"` (docs/portfolio-margin.md, "Accounts in portfolio margin").
 */
export const setPortfolioMarginCommandSchema = record({
  type: z.literal('setPortfolioMargin'),
  id,
  account,
  model: text('a portfolio profile name, or "off"').max(SYMBOL_LENGTH_MAX, { error: `must be at most ${SYMBOL_LENGTH_MAX} characters` }),
  /** `span` only: the loaded parameter set (`spanParameters`) that margins the account. */
  parameterSet: text('a parameter set id string').max(SYMBOL_LENGTH_MAX, { error: `must be at most ${SYMBOL_LENGTH_MAX} characters` }).optional(),
  /** `span` only: the account class whose initial / maintenance ratio applies (default: the `span` record's). */
  accountClass: oneOf(['member', 'hedger', 'speculator']).optional(),
});

export const addIsolatedMarginCommandSchema = record({
  type: z.literal('addIsolatedMargin'),
  id,
  account,
  symbol,
  positionSide: positionSide.optional(),
  amount: decimal('positive'),
});

export const removeIsolatedMarginCommandSchema = record({
  type: z.literal('removeIsolatedMargin'),
  id,
  account,
  symbol,
  positionSide: positionSide.optional(),
  amount: decimal('positive'),
});

export const placeOrderCommandSchema = record({
  type: z.literal('placeOrder'),
  id,
  account,
  orderId: text('an order id string').max(ID_LENGTH_MAX, { error: `must be at most ${ID_LENGTH_MAX} characters` }),
  symbol,
  side,
  size: decimal('positive'),
  price: decimal('positive'),
  positionSide: positionSide.optional(),
  reduceOnly: z.boolean({ error: 'must be true or false' }).default(false),
});

export const cancelOrderCommandSchema = record({ type: z.literal('cancelOrder'), id, account, orderId: text('an order id string') });

export const fundingRateCommandSchema = record({ type: z.literal('fundingRate'), id, symbol, rate: decimal('any'), time: isoTime });

export const settleFundingCommandSchema = record({
  type: z.literal('settleFunding'),
  id,
  symbol,
  time: isoTime,
  /** Overrides the last `fundingRate` of the symbol. */
  rate: decimal('any').optional(),
});

export const settleExpiryCommandSchema = record({ type: z.literal('settleExpiry'), id, symbol, price: decimal('positive'), time: isoTime });

/** One book level: `["price", "size"]`. */
const bookLevel = z.tuple([decimal('positive'), decimal('positive')], { error: 'must be a ["price", "size"] pair of decimal strings' });

/**
 * An order-book snapshot of a symbol (best level first on each side). It replaces the previous
 * one; liquidation fills consume it until the next snapshot arrives.
 */
export const bookCommandSchema = record({
  type: z.literal('book'),
  id,
  symbol,
  bids: list(bookLevel),
  asks: list(bookLevel),
  time: isoTime,
});

/** Money from outside into an insurance fund: the asset's fund, or a symbol's own fund. */
export const insuranceDepositCommandSchema = record({
  type: z.literal('insuranceDeposit'),
  id,
  asset,
  amount: decimal('positive'),
  symbol: symbol.optional(),
});

/** A model sets an instrument's margin rates at a stated time (margin-rates.ts). */
export const marginRatesCommandSchema = marginRatesCommandSchemaWith(id, symbol);
/**
 * One leg of an insurance transfer between engine instances (account partitions,
 * docs/scale-out.md): `out` moves `amount` from the fund to the `transfers` system account (refused
 * when the fund holds less), `in` moves it from `transfers` into the fund. `from` and `to` name the
 * instances (partition numbers); `transfer` is the id both legs share.
 */
export const insuranceTransferCommandSchema = record({
  type: z.literal('insuranceTransfer'),
  id,
  transfer: text('a transfer id string').max(ID_LENGTH_MAX, { error: `must be at most ${ID_LENGTH_MAX} characters` }),
  leg: oneOf(['out', 'in']),
  asset,
  amount: decimal('positive'),
  symbol: symbol.optional(),
  from: z.number({ error: 'must be a whole number from 0 to 1023' }).int({ error: 'must be a whole number from 0 to 1023' }).min(0, { error: 'must be a whole number from 0 to 1023' }).max(1023, { error: 'must be a whole number from 0 to 1023' }),
  to: z.number({ error: 'must be a whole number from 0 to 1023' }).int({ error: 'must be a whole number from 0 to 1023' }).min(0, { error: 'must be a whole number from 0 to 1023' }).max(1023, { error: 'must be a whole number from 0 to 1023' }),
});

export const COMMAND_SCHEMAS = {
  asset: assetCommandSchema,
  instrument: instrumentCommandSchema,
  deposit: depositCommandSchema,
  withdraw: withdrawCommandSchema,
  price: priceCommandSchema,
  prices: pricesCommandSchema,
  fill: fillCommandSchema,
  setLeverage: setLeverageCommandSchema,
  setMarginMode: setMarginModeCommandSchema,
  setPositionMode: setPositionModeCommandSchema,
  addIsolatedMargin: addIsolatedMarginCommandSchema,
  removeIsolatedMargin: removeIsolatedMarginCommandSchema,
  placeOrder: placeOrderCommandSchema,
  cancelOrder: cancelOrderCommandSchema,
  fundingRate: fundingRateCommandSchema,
  settleFunding: settleFundingCommandSchema,
  settleExpiry: settleExpiryCommandSchema,
  book: bookCommandSchema,
  insuranceDeposit: insuranceDepositCommandSchema,
  marginRates: marginRatesCommandSchema,
  insuranceTransfer: insuranceTransferCommandSchema,
  convertCollateral: convertCollateralCommandSchema,
  chargeInterest: chargeInterestCommandSchema,
  collateralAsset: collateralAssetCommandSchema,
  collateralPrices: collateralPricesCommandSchema,
  creditLine: creditLineCommandSchema,
  coverLoans: coverLoansCommandSchema,
  setPortfolioMargin: setPortfolioMarginCommandSchema,
  liquidationMode: liquidationModeCommandSchema,
  adlClose: adlCloseCommandSchema,
  shortfallSettle: shortfallSettleCommandSchema,
  lossShare: lossShareCommandSchema,
  setCollateralMode: setCollateralModeCommandSchema,
  spanParameters: spanParametersCommandSchema,
} as const;

export type CommandType = keyof typeof COMMAND_SCHEMAS;

/**
 * Every command as one union discriminated by `type` (for documents and generic tools;
 * `parseCommand` picks the member by `type` first so its errors name the command's own fields).
 */
export const commandSchema = z.discriminatedUnion('type', Object.values(COMMAND_SCHEMAS) as unknown as [z.ZodObject, ...z.ZodObject[]]);
export const COMMAND_TYPES = Object.keys(COMMAND_SCHEMAS) as CommandType[];

export type AssetCommand = z.output<typeof assetCommandSchema>;
export type InstrumentCommand = z.output<typeof instrumentCommandSchema>;
export type DepositCommand = z.output<typeof depositCommandSchema>;
export type WithdrawCommand = z.output<typeof withdrawCommandSchema>;
export type PriceCommand = z.output<typeof priceCommandSchema>;
export type PricesCommand = z.output<typeof pricesCommandSchema>;
export type FillCommand = z.output<typeof fillCommandSchema>;
export type SetLeverageCommand = z.output<typeof setLeverageCommandSchema>;
export type SetMarginModeCommand = z.output<typeof setMarginModeCommandSchema>;
export type SetPositionModeCommand = z.output<typeof setPositionModeCommandSchema>;
export type AddIsolatedMarginCommand = z.output<typeof addIsolatedMarginCommandSchema>;
export type RemoveIsolatedMarginCommand = z.output<typeof removeIsolatedMarginCommandSchema>;
export type PlaceOrderCommand = z.output<typeof placeOrderCommandSchema>;
export type CancelOrderCommand = z.output<typeof cancelOrderCommandSchema>;
export type FundingRateCommand = z.output<typeof fundingRateCommandSchema>;
export type SettleFundingCommand = z.output<typeof settleFundingCommandSchema>;
export type SettleExpiryCommand = z.output<typeof settleExpiryCommandSchema>;
export type BookCommand = z.output<typeof bookCommandSchema>;
export type InsuranceDepositCommand = z.output<typeof insuranceDepositCommandSchema>;
export type MarginRatesCommand = z.output<typeof marginRatesCommandSchema>;
export type InsuranceTransferCommand = z.output<typeof insuranceTransferCommandSchema>;
export type SetPortfolioMarginCommand = z.output<typeof setPortfolioMarginCommandSchema>;

/** A validated command: kernel values (E18 bigints), times in epoch milliseconds. */
export type Command =
  | AssetCommand
  | InstrumentCommand
  | DepositCommand
  | WithdrawCommand
  | PriceCommand
  | PricesCommand
  | FillCommand
  | SetLeverageCommand
  | SetMarginModeCommand
  | SetPositionModeCommand
  | AddIsolatedMarginCommand
  | RemoveIsolatedMarginCommand
  | PlaceOrderCommand
  | CancelOrderCommand
  | FundingRateCommand
  | SettleFundingCommand
  | SettleExpiryCommand
  | BookCommand
  | InsuranceDepositCommand
  | MarginRatesCommand
  | InsuranceTransferCommand
  | ConvertCollateralCommand
  | ChargeInterestCommand
  | CollateralAssetCommand
  | CollateralPricesCommand
  | CreditLineCommand
  | CoverLoansCommand
  | OptionInstrumentCommand
  | OptionPriceCommand
  | OptionPricesCommand
  | SetPortfolioMarginCommand
  | LiquidationModeCommand
  | AdlCloseCommand
  | ShortfallSettleCommand
  | LossShareCommand
  | SetCollateralModeCommand
  | SpanParametersCommand;
