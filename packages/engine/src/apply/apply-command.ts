/**
 * `applyCommand`: the deterministic transition. No clock, no randomness, no awaits; time and
 * prices arrive in commands. The state is mutated in place and returned (speed). Business
 * outcomes are events (a rejection is a `rejected` event with a snake_case code and changes
 * nothing); only a broken invariant throws. A command whose id was applied before, accepted or
 * rejected, and is still in the id window (state/id-window.ts), yields one `duplicate` event and
 * changes nothing.
 */
import { invariant } from '@margin/core';
import type { Command } from '../commands/schema.js';
import type { EngineState } from '../state/types.js';
import { applyAddIsolatedMargin, applyRemoveIsolatedMargin } from './handlers/isolated.js';
import { applyFill } from './handlers/fill.js';
import { applyFundingRate, applySettleFunding } from './handlers/funding.js';
import { applyInstrument, applyPrice, applyPrices } from './handlers/market.js';
import { applyAsset, applyDeposit, applyWithdraw } from './handlers/money.js';
import { applyCancelOrder, applyPlaceOrder } from './handlers/orders.js';
import { applySetLeverage, applySetMarginMode, applySetPositionMode } from './handlers/settings.js';
import { applySettleExpiry } from './handlers/expiry.js';
import { applyBook } from './handlers/book.js';
import { applyInsuranceDeposit } from './handlers/insurance.js';
import { applyMarginRates } from './handlers/margin-rates.js';
import { applyInsuranceTransfer } from './handlers/insurance-transfer.js';
import { applyLiquidationMode } from './handlers/liquidation-mode.js';
import { applyAdlClose } from './handlers/adl-close.js';
import { applyShortfallSettle } from './handlers/shortfall-settle.js';
import { applyLossShare } from './handlers/loss-share.js';
import { applyChargeInterest } from '../collateral/interest.js';
import { applyConvertCollateral } from '../collateral/convert.js';
import { applyCollateralAsset, applyCollateralPrices, applyCreditLine } from '../collateral/params.js';
import { applyCoverLoans } from '../collateral/cover-loans.js';
import { applySetCollateralMode } from '../collateral/collateral-mode.js';
import { applySetPortfolioMargin } from './handlers/portfolio.js';
import { applySpanParameters } from './handlers/span-parameters.js';
import type { EngineEvent } from '@margin/wire';
import { Sink } from '../events/sink.js';
import { duplicateEvent } from './duplicate.js';
import { isRecentId, rememberId } from '../state/id-window.js';
import { isOptionInstrumentCommand, isOptionPriceCommand, isOptionPricesCommand } from '@margin/wire';
import { applyDefineOption } from './handlers/define-option.js';
import { applyOptionMarkIv, applyOptionMarkPrice } from './handlers/option-price.js';
import { applyOptionFillCommand } from './handlers/option-fill.js';
import { applyOptionExpiry } from './handlers/option-expiry.js';
import { applyOptionPrices, pricesNameAnOption } from './handlers/option-prices.js';

/** The closed union of every event (the wire contract). */
export type { EngineEvent } from '@margin/wire';

export interface ApplyContext {
  /** Journal sequence number of the command; stamped on its events. */
  readonly seq: number;
}

function dispatch(state: EngineState, command: Command, out: Sink): void {
  switch (command.type) {
    case 'asset':
      return applyAsset(state, command, out);
    case 'instrument':
      if (isOptionInstrumentCommand(command)) return applyDefineOption(state, command, out);
      return applyInstrument(state, command, out);
    case 'deposit':
      return applyDeposit(state, command, out);
    case 'withdraw':
      return applyWithdraw(state, command, out);
    case 'price':
      if (isOptionPriceCommand(command)) return applyOptionMarkIv(state, command, out);
      if (applyOptionMarkPrice(state, command, out)) return;
      return applyPrice(state, command, out);
    case 'prices':
      if (isOptionPricesCommand(command)) return applyOptionPrices(state, command, out);
      if (pricesNameAnOption(state, command)) return applyOptionPrices(state, command, out);
      return applyPrices(state, command, out);
    case 'fill':
      if (applyOptionFillCommand(state, command, out)) return;
      return applyFill(state, command, out);
    case 'setLeverage':
      return applySetLeverage(state, command, out);
    case 'setMarginMode':
      return applySetMarginMode(state, command, out);
    case 'setPositionMode':
      return applySetPositionMode(state, command, out);
    case 'addIsolatedMargin':
      return applyAddIsolatedMargin(state, command, out);
    case 'removeIsolatedMargin':
      return applyRemoveIsolatedMargin(state, command, out);
    case 'placeOrder':
      return applyPlaceOrder(state, command, out);
    case 'cancelOrder':
      return applyCancelOrder(state, command, out);
    case 'fundingRate':
      return applyFundingRate(state, command, out);
    case 'settleFunding':
      return applySettleFunding(state, command, out);
    case 'settleExpiry':
      if (applyOptionExpiry(state, command, out)) return;
      return applySettleExpiry(state, command, out);
    case 'book':
      return applyBook(state, command, out);
    case 'insuranceDeposit':
      return applyInsuranceDeposit(state, command, out);
    case 'marginRates':
      return applyMarginRates(state, command, out);
    case 'insuranceTransfer':
      return applyInsuranceTransfer(state, command, out);
    case 'liquidationMode':
      return applyLiquidationMode(state, command, out);
    case 'adlClose':
      return applyAdlClose(state, command, out);
    case 'shortfallSettle':
      return applyShortfallSettle(state, command, out);
    case 'lossShare':
      return applyLossShare(state, command, out);
    case 'convertCollateral':
      return applyConvertCollateral(state, command, out);
    case 'chargeInterest':
      return applyChargeInterest(state, command, out);
    case 'collateralAsset':
      return applyCollateralAsset(state, command, out);
    case 'collateralPrices':
      return applyCollateralPrices(state, command, out);
    case 'creditLine':
      return applyCreditLine(state, command, out);
    case 'coverLoans':
      return applyCoverLoans(state, command, out);
    case 'setPortfolioMargin':
      return applySetPortfolioMargin(state, command, out);
    case 'setCollateralMode':
      return applySetCollateralMode(state, command, out);
    case 'spanParameters':
      return applySpanParameters(state, command, out);
    default: {
      // A command type in the contract without a case here does not compile.
      const unhandled: never = command;
      throw new RangeError(`no handler for command type ${JSON.stringify((unhandled as { type: unknown }).type)}`);
    }
  }
}

export function applyCommand(state: EngineState, command: Command, ctx: ApplyContext): { state: EngineState; events: EngineEvent[] } {
  invariant(Number.isSafeInteger(ctx.seq) && ctx.seq >= 0, 'ctx.seq is a non-negative safe integer');
  const stamp = { seq: ctx.seq, commandId: command.id };
  if (isRecentId(state, command.id)) {
    return { state, events: [duplicateEvent(stamp.seq, command)] };
  }
  const out = new Sink();
  dispatch(state, command, out);
  invariant(!out.rejected || out.events.length === 1, 'a rejection is the only event of its command');
  rememberId(state, command.id);
  if (ctx.seq > state.lastSeq) state.lastSeq = ctx.seq;
  // Stamp in place: the sink's events are fresh objects (a cascade can emit hundreds of thousands).
  const events = out.events as (EngineEvent & { seq: number; commandId: string })[];
  for (const event of events) {
    event.seq = stamp.seq;
    event.commandId = stamp.commandId;
  }
  return { state, events };
}
