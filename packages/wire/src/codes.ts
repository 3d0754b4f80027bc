/**
 * Reject codes of the engine: business outcomes returned as `rejected` events, never thrown.
 * One registry, in precedence order within each command (the first failing check wins); every code
 * is listed with its meaning in docs/errors.md (a test keeps the two in step).
 */
export const REJECT_CODES = {
  account_not_found: 'the account has never received a deposit',
  asset_in_use: 'the asset already has balances; its decimals can no longer change',
  amount_precision_exceeded: 'an amount has more fraction digits than the asset allows',
  fee_rebate_exceeds_allowance: "a negative fee (a rebate) exceeds the venue record's rebateRateMax x the fill's notional (0 unless the record allows rebates)",
  instrument_invalid: 'the instrument definition breaks a rule (detail names the field)',
  instrument_change_not_allowed: 'kind, settle asset or contract size cannot change while positions or orders exist',
  instrument_not_found: 'no instrument with this symbol has been defined',
  instrument_expired: 'the dated future has been settled; it takes no more trades',
  instrument_not_dated: 'expiry settlement applies to dated futures only',
  expiry_not_reached: 'the settlement time is before the instrument expiry',
  mark_price_missing: 'the symbol has no mark price yet, so margin cannot be checked',
  price_not_multiple_of_tick: 'the price is not a multiple of the instrument tick size',
  size_not_multiple_of_lot: 'the size is not a multiple of the instrument lot size',
  position_side_required: 'the account is in hedge mode: fills and orders must name positionSide',
  position_side_not_allowed: 'the account is in one-way mode: positionSide must be omitted',
  reduce_exceeds_position: 'in hedge mode a reducing trade may not exceed the position it reduces',
  reduce_only_would_increase_position: 'a reduce-only trade or order would open or increase a position',
  initial_margin_insufficient: 'after the trade, equity would be below initial margin (including open-order margin)',
  available_balance_insufficient: 'the amount exceeds the available (free) balance',
  leverage_above_tier_max: 'the leverage exceeds the maximum leverage of the position tier',
  position_or_orders_open: 'the setting cannot change while the symbol has a position or open orders',
  positions_or_orders_open: 'the position mode cannot change while the account has positions or open orders',
  isolated_position_not_found: 'there is no isolated position to add margin to or remove margin from',
  order_id_in_use: 'an open order with this id already exists for the account',
  order_not_found: 'no open order with this id',
  order_size_exceeded: 'the fill is larger than the remaining size of its order',
  funding_rate_missing: 'no funding rate has been set for the symbol',
  funding_already_settled: 'funding for this symbol and time was already settled',
  funding_time_not_after_last: 'a funding settlement time must be later than the previous one',
  price_stale: 'the price time is earlier than the last price time of the symbol',
  book_stale: 'the book time is earlier than the last book time of the symbol',
  book_levels_not_ordered: 'book levels must be strictly best first: bids descending, asks ascending',
  book_crossed: 'the best bid is at or above the best ask',
  insurance_asset_mismatch: 'the symbol of a symbol fund settles in another asset',
  portfolio_model_unknown: 'the portfolio model names no portfolio profile the engine can run (detail lists the known ones)',
  portfolio_model_cannot_hold: 'the portfolio model has no parameters for a position, order or symbol of the account (detail names it)',
  portfolio_isolated_not_allowed: 'an account in portfolio margin holds cross positions only: no isolated position or isolated symbol setting',
  id_reused: 'the command id was already used for a different command (a durable host compares them)',
} as const;

export type RejectCode = keyof typeof REJECT_CODES;

export const REJECT_CODE_LIST = Object.keys(REJECT_CODES) as RejectCode[];
