/**
 * What-if: an account's margin after a hypothetical order and/or hypothetical mark prices, as the
 * engine itself would answer (`preview` from @margin/engine: the same handlers run on the live
 * state and are rolled back). The request becomes engine commands, previewed in this order:
 *   prices            a `prices` command at the hypothetical marks (time: the latest mark time of
 *                     those symbols, so it is never stale). Previewed exactly: margin calls and
 *                     liquidations of every account the move reaches happen in the preview;
 *   setMarginMode     when `order.margin` differs from the symbol's setting and no position is open
 *                     on it (an open position keeps its mode, as in the engine);
 *   setLeverage       when `order.leverage` differs from the symbol's setting;
 *   fill              the order as a fill (positionSide, reduceOnly as given), `fee` as the venue
 *                     would send it (default 0).
 * The verdict is the engine's own: accepted, or its reject code and reason. Only events about this
 * account (and market events without an account) are returned: others' liquidations are not
 * this account's to read.
 */
import { randomUUID } from 'node:crypto';
import { InputError, formatFixed, parseWithSchema } from '@margin/core';
import { whatIfRequestSchema, type WhatIfInput, type WhatIfResult, type WhatIfVerdict } from '@margin/wire';
import { optionMarket, parseCommand, preview, type Command, type EngineState, type PreviewVerdict } from '@margin/engine';

export type { WhatIfInput, WhatIfResult, WhatIfVerdict };

export const WHAT_IF_ASSUMPTIONS = [
  'the verdict, events and after-risk are the engine\'s own: the commands are previewed on the live state and rolled back',
  'fees: order.fee as the venue would send it in the fill (default 0), debited exactly as the engine does',
  'hypothetical prices are a prices command previewed exactly: margin calls and liquidations of every account it moves are part of the answer',
  'order.margin and order.leverage become setMarginMode / setLeverage commands before the fill when they differ from the account\'s setting (an open position keeps its margin mode)',
  'open orders stay as they are',
] as const;

export function parseWhatIf(json: unknown): WhatIfInput {
  const { value } = parseWithSchema(whatIfRequestSchema, json ?? {}, ['body']);
  if (value.order === undefined && (value.prices === undefined || Object.keys(value.prices).length === 0)) {
    throw new InputError(['body'], 'must name an order, prices, or both');
  }
  return value;
}

/** An engine command from JSON built here; a field the engine refuses is reported on the request's field. */
function command(json: Record<string, unknown>, fieldPath: (field: string | number | undefined) => (string | number)[]): Command {
  try {
    return parseCommand(json);
  } catch (error) {
    // The engine names the field after the command type (`fill.fee`): keep the field, put it under the request's object.
    if (error instanceof InputError) throw new InputError(fieldPath(error.path[error.path.length - 1]), error.rule);
    throw error;
  }
}

/** The commands of the hypothesis, in preview order. */
export function whatIfCommands(state: EngineState, accountId: string, input: WhatIfInput): Command[] {
  const commands: Command[] = [];
  const id = (type: string): string => `what-if:${type}:${randomUUID()}`;
  const prices = Object.entries(input.prices ?? {});
  let timeMs = 0;
  for (const [symbol] of prices) {
    const market = state.markets.get(symbol);
    if (market === undefined) throw new InputError(['body', 'prices', symbol], `unknown symbol "${symbol}"`);
    timeMs = Math.max(timeMs, market.priceTimeMs ?? 0);
  }
  if (prices.length > 0) {
    const items = prices.map(([symbol, markPrice]) => ({ symbol, markPrice: formatFixed(markPrice) }));
    commands.push(command({ type: 'prices', id: id('prices'), time: new Date(timeMs).toISOString(), prices: items }, () => ['body', 'prices']));
  }
  const order = input.order;
  if (order === undefined) return commands;
  const market = state.markets.get(order.symbol);
  // An option order (ADR 0022): no margin mode or leverage; the engine charges the venue's option fee when none is given.
  const option = market === undefined ? optionMarket(state, order.symbol) : null;
  if (market === undefined && option === null) throw new InputError(['body', 'order', 'symbol'], `unknown symbol "${order.symbol}"`);
  timeMs = Math.max(timeMs, market?.priceTimeMs ?? option?.priceTimeMs ?? 0);
  const account = state.accounts.get(accountId);
  const setting = account?.settings.get(order.symbol);
  const held = [...(account?.positions.values() ?? [])].some((position) => position.symbol === order.symbol);
  if (option === null && order.margin !== undefined && order.margin !== (setting?.margin ?? 'cross') && !held) {
    commands.push(command({ type: 'setMarginMode', id: id('margin'), account: accountId, symbol: order.symbol, mode: order.margin }, () => ['body', 'order', 'margin']));
  }
  if (option === null && order.leverage !== undefined && order.leverage !== setting?.leverage) {
    commands.push(command({ type: 'setLeverage', id: id('leverage'), account: accountId, symbol: order.symbol, leverage: formatFixed(order.leverage) }, () => ['body', 'order', 'leverage']));
  }
  const fill = {
    type: 'fill',
    id: id('fill'),
    account: accountId,
    symbol: order.symbol,
    side: order.side,
    size: formatFixed(order.size),
    price: formatFixed(order.price),
    fee: formatFixed(order.fee ?? 0n),
    time: new Date(timeMs).toISOString(),
    ...(order.positionSide === undefined ? {} : { positionSide: order.positionSide }),
    ...(order.reduceOnly === undefined ? {} : { reduceOnly: order.reduceOnly }),
  };
  commands.push(command(fill, (field) => ['body', 'order', field ?? 'symbol']));
  return commands;
}

function verdictJson(verdict: PreviewVerdict, commandType: string | undefined): WhatIfVerdict {
  if (verdict.accepted) return { accepted: true };
  if (verdict.duplicate) return { accepted: false, code: 'duplicate', reason: verdict.reason ?? '', ...(commandType === undefined ? {} : { command: commandType }) };
  return { accepted: false, code: verdict.code ?? '', reason: verdict.reason ?? '', ...(commandType === undefined ? {} : { command: commandType }) };
}

/** The engine's answer to the hypothesis for `account`; null when the account does not exist. */
export function computeWhatIf(state: EngineState, account: string, input: WhatIfInput): WhatIfResult | null {
  if (!state.accounts.has(account)) return null;
  const commands = whatIfCommands(state, account, input);
  const symbol = input.order?.symbol;
  const asset = input.asset ?? (symbol === undefined ? undefined : (state.markets.get(symbol)?.instrument.settle ?? optionMarket(state, symbol)?.instrument.settle));
  const result = preview(state, commands, { accounts: [account], ...(asset === undefined ? {} : { asset }) });
  const mine = result.accounts.find((report) => report.account === account);
  const before = mine?.before ?? null;
  const after = mine?.after ?? null;
  if (before === null || after === null) return null;
  const failed = result.steps.find((step) => !step.verdict.accepted);
  const filled = result.events.find((event) => event.type === 'filled' && event['account'] === account);
  return {
    account,
    hypothesis: jsonOf(input),
    verdict: verdictJson(result.verdict, failed?.type),
    before,
    after,
    realizedPnl: typeof filled?.['realizedPnl'] === 'string' ? filled['realizedPnl'] : '0',
    fee: typeof filled?.['fee'] === 'string' ? filled['fee'] : '0',
    commands: commands.map((c) => ({ type: c.type, id: c.id })),
    events: result.events.filter((event) => event['account'] === undefined || event['account'] === account),
    assumptions: [...WHAT_IF_ASSUMPTIONS],
  };
}

/** The parsed input back as decimal strings, to echo in the response. */
function jsonOf(input: WhatIfInput): Record<string, unknown> {
  return JSON.parse(JSON.stringify(input, (_key, value: unknown) => (typeof value === 'bigint' ? formatFixed(value) : value))) as Record<string, unknown>;
}
