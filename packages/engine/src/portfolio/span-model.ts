/**
 * SPAN parameter sets in the engine (ADR 0035): parse a `spanParameters` command into a set (core's
 * parsers on the content; the symbol map checked against the parsed contracts), and say why a SPAN
 * account cannot hold a symbol. The map is explicit: an engine symbol is margined as the SPAN
 * contract the command names for it, quantity = engine size x ratio; a symbol not in the map, or
 * settled in another asset than its contract's currency, is refused by name. An engine option
 * market maps to an option series of the file (`PRODUCT YYYYMM C|P STRIKE`, ADR 0041: a future
 * maps to a futures contract, an option to a series of its own put/call; span-options.ts says how
 * the option value is counted once).
 */
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeJson, formatFixed, InputError, InvariantError, parsePa2, parseSpanParamsJson, parseSpanXml, type SpanContract, type SpanParams } from '@margin/core';
import type { SpanParametersCommand } from '../commands/schema.js';
import type { EngineState } from '../state/types.js';
import type { SpanFormat, SpanSet, SpanSymbol } from '../state/span-book.js';
import { optionMarket } from '../state/option-book.js';

/** Parse `content` in `format`; throws InputError naming the line and field (PA2, XML) or the JSON path. */
export function parseSpanContent(format: SpanFormat, content: string): SpanParams {
  const body = content.replace(/^\uFEFF/, '');
  if (format === 'pa2') return parsePa2(body);
  if (format === 'spn') return parseSpanXml(body);
  return parseSpanParamsJson(decodeJson(body, 'content')).value;
}

/** The set a command loads, or the reason it is refused (nothing is applied then). */
export function spanSetOf(command: Pick<SpanParametersCommand, 'set' | 'format' | 'content' | 'symbols'>, state?: EngineState): SpanSet | { readonly refusal: string } {
  let params: SpanParams;
  try {
    params = parseSpanContent(command.format, command.content);
  } catch (error) {
    // Parsers throw InputError for bad content; anything else but a broken invariant is bad content too.
    if (error instanceof InvariantError || !(error instanceof Error)) throw error;
    return { refusal: `content (${command.format}): ${error instanceof InputError ? error.message : error.message}` };
  }
  const contracts = new Map<string, SpanContract>(params.contracts.map((c) => [c.id, c]));
  const currencies = new Map(params.ccs.map((cc) => [cc.code, cc.currency]));
  const symbols = new Map<string, SpanSymbol>();
  for (const [i, entry] of command.symbols.entries()) {
    const where = `symbols[${i}]`;
    if (symbols.has(entry.symbol)) return { refusal: `${where}.symbol: ${entry.symbol} is mapped twice` };
    const contract = contracts.get(entry.contract);
    if (contract === undefined) return { refusal: `${where}.contract: "${entry.contract}" is not a contract of the set (${contractList(contracts, entry.contract)})` };
    // Symbols the engine already lists must map to their own kind (later ones are checked on entry).
    const kindRefusal = state === undefined ? null : spanKindRefusal(state, entry.symbol, contract);
    if (kindRefusal !== null) return { refusal: `${where}.contract: ${kindRefusal}` };
    if (!currencies.has(contract.cc)) return { refusal: `${where}.contract: "${entry.contract}" has no combined commodity ${contract.cc}` };
    symbols.set(entry.symbol, { contract: entry.contract, ratio: entry.ratio });
  }
  return { id: command.set, format: command.format, content: command.content, digest: bytesToHex(sha256(utf8ToBytes(command.content))), params, contracts, symbols };
}

function contractList(contracts: ReadonlyMap<string, SpanContract>, wanted: string): string {
  // An option series id has four words (PRODUCT YYYYMM C|P STRIKE): list the series of its product.
  const words = wanted.trim().split(/\s+/);
  if (words.length === 4) {
    const product = `${words[0] ?? ''} `;
    const series = [...contracts.keys()].filter((id) => contracts.get(id)?.kind === 'option' && id.startsWith(product));
    if (series.length === 0) return `no option series of product ${words[0] ?? ''}`;
    return series.length <= 8 ? `option series: ${series.join(', ')}` : `${series.length} option series, e.g. ${series.slice(0, 8).join(', ')}`;
  }
  const ids = [...contracts.keys()].filter((id) => contracts.get(id)?.kind === 'future');
  return ids.length <= 8 ? `futures: ${ids.join(', ')}` : `${ids.length} futures, e.g. ${ids.slice(0, 8).join(', ')}`;
}

/** Why `symbol` (as the engine lists it) cannot be margined as `contract`: a future as a series, an option as a future or as the other right; null when it can (or the symbol is not listed). */
function spanKindRefusal(state: EngineState, symbol: string, contract: SpanContract): string | null {
  const option = optionMarket(state, symbol);
  if (option !== null) {
    if (contract.kind !== 'option') return `"${contract.id}" is a futures contract; ${symbol} is an option (map it to an option series, PRODUCT YYYYMM C|P STRIKE)`;
    if (contract.optionType !== option.instrument.right) return `"${contract.id}" is a ${contract.optionType ?? 'future'} series; ${symbol} is a ${option.instrument.right}`;
    return null;
  }
  if (state.markets.has(symbol) && contract.kind !== 'future') return `"${contract.id}" is an option series; ${symbol} is a future (map it to a futures contract, PRODUCT YYYYMM)`;
  return null;
}

/** The combined commodity's currency of a mapped symbol's contract. */
export function spanCurrencyOf(set: SpanSet, contract: SpanContract): string {
  const cc = set.params.ccs.find((c) => c.code === contract.cc);
  if (cc === undefined) throw new RangeError(`condition failed: SPAN contract ${contract.id} has its combined commodity`);
  return cc.currency;
}

/** Why an account on `set` cannot hold `symbol`; null when it can (unknown symbols are left to the caller's own check). */
export function spanSymbolRefusal(state: EngineState, set: SpanSet, symbol: string): string | null {
  const settle = optionMarket(state, symbol)?.instrument.settle ?? state.markets.get(symbol)?.instrument.settle;
  if (settle === undefined) return null;
  const mapped = set.symbols.get(symbol);
  if (mapped === undefined) return `SPAN set ${set.id} maps no contract to ${symbol} (mapped: ${[...set.symbols.keys()].join(', ')})`;
  const contract = set.contracts.get(mapped.contract);
  if (contract === undefined) throw new RangeError(`condition failed: SPAN contract ${mapped.contract} is in set ${set.id}`);
  const kind = spanKindRefusal(state, symbol, contract);
  if (kind !== null) return `SPAN set ${set.id}: ${kind}`;
  const currency = spanCurrencyOf(set, contract);
  if (currency !== settle) return `SPAN set ${set.id}: ${symbol} settles in ${settle}, its contract ${mapped.contract} is margined in ${currency}`;
  return null;
}

/** The symbol map as events and snapshots write it. */
export function spanSymbolsJson(set: SpanSet): { symbol: string; contract: string; ratio: string }[] {
  return [...set.symbols].map(([symbol, s]) => ({ symbol, contract: s.contract, ratio: formatFixed(s.ratio) }));
}
