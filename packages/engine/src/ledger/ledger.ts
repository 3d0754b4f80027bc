/**
 * The double-entry ledger: every movement of money is a transfer of integer units of one asset
 * from one ledger account to another, so each entry balances by construction. Ledger accounts are
 * user wallets, isolated positions and the system accounts of each asset (docs/ledger.md).
 *
 * Conservation (checked by `assertLedgerBalanced` after every command in tests and on replay):
 * per asset, the sum over every account except `world` equals deposits - withdrawals, and
 * `world` holds exactly minus that, so all accounts together sum to zero.
 */
import { InvariantError, formatUnits, invariant } from '@margin/core';
import type { Account, AssetLedger, EngineState, Position, SystemAccount } from '../state/types.js';
import { ASSET_DECIMALS_DEFAULT, assetLedger, unitsToNumber, walletUnits } from '../state/balances.js';
import { beforePoolChange } from '../state/pool-watch.js';

// Balance reads live with the state (state/balances.ts); re-exported here, where callers look.
export { ASSET_DECIMALS_DEFAULT, assetLedger, unitsToNumber, walletUnits };

export type Endpoint =
  | { readonly kind: 'system'; readonly name: SystemAccount }
  | { readonly kind: 'wallet'; readonly account: Account }
  | { readonly kind: 'isolated'; readonly account: Account; readonly position: Position };

export interface EntryJson {
  asset: string;
  from: string;
  to: string;
  amount: string;
}

export const system = (name: SystemAccount): Endpoint => ({ kind: 'system', name });
export const wallet = (account: Account): Endpoint => ({ kind: 'wallet', account });
export const isolated = (account: Account, position: Position): Endpoint => ({ kind: 'isolated', account, position });

export function endpointName(endpoint: Endpoint): string {
  if (endpoint.kind === 'system') return endpoint.name;
  if (endpoint.kind === 'wallet') return `user:${endpoint.account.id}:wallet`;
  return `user:${endpoint.account.id}:isolated:${endpoint.position.key}`;
}

/** Decimals of an asset without creating its ledger (a rejected command must change nothing). */
export function assetDecimals(state: EngineState, asset: string): number {
  return state.assets.get(asset)?.decimals ?? ASSET_DECIMALS_DEFAULT;
}

function adjust(state: EngineState, ledger: AssetLedger, endpoint: Endpoint, delta: bigint): void {
  if (endpoint.kind === 'system') {
    ledger.system.set(endpoint.name, (ledger.system.get(endpoint.name) ?? 0n) + delta);
    return;
  }
  if (endpoint.kind === 'wallet') {
    const pool = endpoint.account.crossPools.get(ledger.asset);
    beforePoolChange(state, pool);
    const balance = walletUnits(endpoint.account, ledger.asset) + delta;
    endpoint.account.wallets.set(ledger.asset, balance);
    if (pool !== undefined) state.scan.setPoolBalance(pool, unitsToNumber(balance, ledger.decimals));
    return;
  }
  const position = endpoint.position;
  beforePoolChange(state, position.pool);
  position.isolatedUnits += delta;
  if (position.pool >= 0) state.scan.setPoolBalance(position.pool, unitsToNumber(position.isolatedUnits, ledger.decimals));
}

/**
 * Move `units` of `asset` from one ledger account to another (a negative amount moves the other
 * way). Returns the entry for the event, or null for a zero amount.
 */
export function transfer(state: EngineState, asset: string, from: Endpoint, to: Endpoint, units: bigint): EntryJson | null {
  if (units === 0n) return null;
  if (units < 0n) return transfer(state, asset, to, from, -units);
  const ledger = assetLedger(state, asset);
  adjust(state, ledger, from, -units);
  adjust(state, ledger, to, units);
  return { asset, from: endpointName(from), to: endpointName(to), amount: formatUnits(units, ledger.decimals) };
}

/** Collects the entries of one command, skipping zero amounts. */
export class Entries {
  readonly list: EntryJson[] = [];
  constructor(private readonly state: EngineState) {}
  move(asset: string, from: Endpoint, to: Endpoint, units: bigint): void {
    const entry = transfer(this.state, asset, from, to, units);
    if (entry !== null) this.list.push(entry);
  }
}

/** Sum per asset of every user ledger account (wallets and isolated positions). */
export function userTotals(state: EngineState): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const account of state.accounts.values()) {
    for (const [asset, units] of account.wallets) totals.set(asset, (totals.get(asset) ?? 0n) + units);
    for (const position of account.positions.values()) {
      if (position.isolatedUnits === 0n) continue;
      const market = state.markets.get(position.symbol);
      invariant(market !== undefined, `market of position ${position.key} exists`);
      const asset = market.instrument.settle;
      totals.set(asset, (totals.get(asset) ?? 0n) + position.isolatedUnits);
    }
  }
  return totals;
}

/** Throw `InvariantError` unless every asset's ledger sums to zero and matches its deposits. */
export function assertLedgerBalanced(state: EngineState): void {
  const totals = userTotals(state);
  for (const asset of totals.keys()) {
    if (!state.assets.has(asset)) throw new InvariantError(`asset ${asset} held by users has a ledger`);
  }
  for (const ledger of state.assets.values()) {
    let inside = totals.get(ledger.asset) ?? 0n;
    for (const [name, units] of ledger.system) if (name !== 'world') inside += units;
    const world = ledger.system.get('world') ?? 0n;
    const net = ledger.deposited - ledger.withdrawn;
    if (inside !== net || world !== -net) {
      throw new InvariantError(
        `ledger of ${ledger.asset} balances: accounts hold ${formatUnits(inside, ledger.decimals)}, ` +
          `deposits - withdrawals = ${formatUnits(net, ledger.decimals)}, world = ${formatUnits(world, ledger.decimals)}`,
      );
    }
  }
}
