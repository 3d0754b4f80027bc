/**
 * The promises of the liquidation engine, checked from outside after every command (tests and
 * `margin simulate`):
 *
 * 1. Conservation per asset, insurance funds and rounding accounts included
 *    (`assertLedgerBalanced`), and the transient `socialized-loss` account back at zero.
 * 2. Every pool that still holds positions is at or above maintenance margin (the engine
 *    liquidated the others in the same command).
 * 3. No account is left below zero unless its deficit was declared unresolved
 *    (`deficitUnresolved`) at a moment when the fund serving it was empty and ADL or the
 *    socialisation had nobody left to take it: for ADL, no position on the opposite side of the
 *    symbol; for a socialised loss, no position in the symbol at all.
 *
 * 4. No system account is below zero except `world` (minus the net deposits, by construction) and
 *    `clearing` (the market's side of PnL and funding: negative while the engine's accounts have
 *    won from the market), and `fees` only under a venue record that allows rebates (rebates paid
 *    before fees came in). `socialized-loss` is 0 (promise 1). See docs/ledger.md.
 *
 * Broken promises throw `InvariantError`.
 */
import { InvariantError, formatUnits, parseUnits } from '@margin/core';
import type { EngineEvent } from '../apply/apply-command.js';
import { assertLedgerBalanced, walletUnits } from '../ledger/ledger.js';
import { currentView, riskOfView } from '../risk/pool-risk.js';
import { optionRequirement } from '../risk/option-requirement.js';
import type { EngineState, Position } from '../state/types.js';

/** System accounts that may hold less than zero by design (docs/ledger.md, "Which accounts may go negative"). */
export const NEGATIVE_ALLOWED: ReadonlySet<string> = new Set(['world', 'clearing']);

function mayGoNegative(state: EngineState, name: string): boolean {
  if (NEGATIVE_ALLOWED.has(name)) return true;
  return name === 'fees' && (state.profile.rebateRateMax ?? 0n) > 0n;
}

export class RiskInvariants {
  /** Declared unresolved deficits per (account, asset), in units. */
  private readonly unresolved = new Map<string, bigint>();

  /** Record the deficits a command declared unresolved, checking they had to be. */
  observe(state: EngineState, events: readonly EngineEvent[]): void {
    for (const event of events) {
      if (event.type !== 'deficitUnresolved') continue;
      const asset = String(event['asset']);
      const decimals = state.assets.get(asset)?.decimals ?? 8;
      const where = `${String(event['account'])} (${String(event['commandId'])})`;
      if (parseUnits(String(event['fundBalance']), decimals) !== 0n) throw new InvariantError(`unresolved deficit of ${where} while its fund ${String(event['fund'])} holds ${String(event['fundBalance'])}`);
      const symbol = event['symbol'];
      if (typeof symbol === 'string') {
        const market = state.markets.get(symbol);
        const holders = market === undefined ? [] : (state.scan.itemsOfSymbol(market.symbolIndex) as Position[]);
        const side = event['side'];
        const takers = side === 'long' || side === 'short' ? holders.filter((p) => (p.size > 0n) !== (side === 'long')) : holders;
        if (takers.length > 0) throw new InvariantError(`unresolved deficit of ${where} while ${takers.length} positions in ${symbol} could still take it`);
      }
      const key = `${String(event['account'])}\u0000${asset}`;
      this.unresolved.set(key, (this.unresolved.get(key) ?? 0n) + parseUnits(String(event['amount']), decimals));
    }
  }

  /** Check the state after a command; `accounts` limits the per-account checks (all by default). */
  check(state: EngineState, accounts?: Iterable<string>): void {
    assertLedgerBalanced(state);
    for (const ledger of state.assets.values()) {
      const transient = ledger.system.get('socialized-loss') ?? 0n;
      if (transient !== 0n) throw new InvariantError(`socialized-loss of ${ledger.asset} is ${transient} units after a command`);
      for (const [name, units] of ledger.system) {
        if (units < 0n && !mayGoNegative(state, name)) throw new InvariantError(`${name} of ${ledger.asset} is ${formatUnits(units, ledger.decimals)} after a command: only ${[...NEGATIVE_ALLOWED].join(', ')} (and fees under a rebate allowance) may go below zero`);
      }
    }
    for (const id of accounts ?? state.accounts.keys()) {
      const account = state.accounts.get(id);
      if (account === undefined) continue;
      const assets = new Set(account.wallets.keys());
      for (const position of account.positions.values()) assets.add(state.markets.get(position.symbol)?.instrument.settle ?? '');
      for (const asset of assets) {
        const view = currentView(state, account, asset);
        const options = optionRequirement(state, id, asset);
        if (view.positions.length > 0 || options.positions.length > 0) {
          const report = riskOfView(state, account, view);
          // Options share the cross pool (ADR 0022): their value and requirement count.
          const liquidatable =
            options.positions.length === 0 ? report.account.liquidatable : report.account.equity + options.equity < report.account.maintenanceMargin + options.maintenanceMargin;
          if (liquidatable) throw new InvariantError(`cross pool of ${id} in ${asset} is below maintenance after a command`);
          for (const risk of report.positions) {
            if (risk.isolated?.liquidatable === true) throw new InvariantError(`isolated ${risk.spec.symbol} of ${id} is below maintenance after a command`);
          }
        }
        const wallet = walletUnits(account, asset);
        const hasCross = view.positions.some((position) => position.margin === 'cross') || options.positions.length > 0;
        // A loan where the asset's collateral rules allow borrowing is no deficit (docs/collateral.md).
        const loanAllowed = state.assets.get(asset)?.collateral?.borrowable === true;
        if (!hasCross && wallet < 0n && !loanAllowed && (this.unresolved.get(`${id}\u0000${asset}`) ?? 0n) <= 0n) {
          throw new InvariantError(`${id} holds ${wallet} units of ${asset} with no position and no declared unresolved deficit`);
        }
      }
    }
  }
}
