/**
 * Test harness: drives an engine with JSON commands, numbering them, and checks the ledger after
 * every command (conservation is asserted after every command in every test that uses it). Every
 * event is parsed strictly against the wire contract (@margin/wire), so each test that uses the
 * harness also checks that the engine emits only contract events with exactly the contract fields.
 */
import { BTCUSDT_LINEAR_3TIER, ETHUSDT_LINEAR_2TIER, MARKET_DEPOSIT_USDT, at } from '@margin/testkit';
import { engineEventSchema } from '@margin/wire';
import { applyCommand, type EngineEvent } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { assertLedgerBalanced } from '../ledger/ledger.js';
import { createEngineState, type EngineOptions } from '../state/create.js';
import type { EngineState } from '../state/types.js';

export class Harness {
  readonly state: EngineState;
  private seq = 0;
  private idCounter = 0;
  readonly log: unknown[] = [];

  constructor(options: EngineOptions = {}) {
    this.state = createEngineState(options);
  }

  /** Apply one JSON command (an `id` is generated when missing); returns its events. */
  run(json: Record<string, unknown>): EngineEvent[] {
    const withId = json['id'] === undefined ? { ...json, id: `c${++this.idCounter}` } : json;
    this.log.push(withId);
    const { events } = applyCommand(this.state, parseCommand(withId), { seq: ++this.seq });
    assertLedgerBalanced(this.state);
    for (const event of events) assertContractEvent(event);
    return events;
  }

  /** Apply and return the single event of a command, failing on anything else. */
  one(json: Record<string, unknown>): EngineEvent {
    const events = this.run(json);
    if (events.length !== 1) throw new Error(`expected one event, got ${JSON.stringify(events)}`);
    return events[0] as EngineEvent;
  }

  wallet(account: string, asset = 'USDT'): bigint {
    return this.state.accounts.get(account)?.wallets.get(asset) ?? 0n;
  }
}

/** Fails with the event and the first mismatch when an event is not in the wire contract. */
export function assertContractEvent(event: EngineEvent): void {
  const parsed = engineEventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`event not in the wire contract (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}): ${JSON.stringify(event)}`);
  }
}

// The instruments and times come from the test kit (@margin/testkit, docs/testing.md). The engine's
// tests use BTCUSDT_LINEAR_3TIER and ETHUSDT_LINEAR_2TIER through `market()`.
/** A market with BTCUSDT (30,000) and ETHUSDT (2,000) priced at T0 and `accounts` funded with `amount` USDT. */
export function market(options: EngineOptions = {}, accounts: readonly string[] = ['alice'], amount = MARKET_DEPOSIT_USDT): Harness {
  const h = new Harness(options);
  h.run({ type: 'instrument', instrument: BTCUSDT_LINEAR_3TIER });
  h.run({ type: 'instrument', instrument: ETHUSDT_LINEAR_2TIER });
  h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '30000', indexPrice: '30000', time: at(0) });
  h.run({ type: 'price', symbol: 'ETHUSDT', markPrice: '2000', indexPrice: '2000', time: at(0) });
  for (const account of accounts) h.run({ type: 'deposit', account, asset: 'USDT', amount });
  return h;
}

export const fill = (account: string, side: 'buy' | 'sell', size: string, price: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'fill',
  account,
  symbol: 'BTCUSDT',
  side,
  size,
  price,
  fee: '0',
  time: at(1),
  ...extra,
});
