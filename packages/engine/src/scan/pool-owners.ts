/**
 * The owner of each scan pool (account, asset, isolated position key) as columns (ADR 0038
 * step 3): the account id by pool (a reference to the account's own id string) and the asset and
 * key as indices into one table of interned names (assets and position keys: bounded by the
 * assets and instruments x 3), instead of a `PoolOwner` object per pool (48 bytes and a
 * reference). `get` builds the `PoolOwner` a reader asks for: a short-lived object.
 */
import { grownInt32 } from './growable.js';
import type { PoolOwner } from './scan-index.js';

const NO_KEY = -1;

export class PoolOwnerColumns {
  private readonly accountIds: (string | undefined)[] = [];
  private assets = new Int32Array(0);
  private keys = new Int32Array(0);
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();

  private intern(name: string): number {
    let index = this.nameIndex.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(name);
      this.nameIndex.set(name, index);
    }
    return index;
  }

  /** Whether `pool` is in use. */
  has(pool: number): boolean {
    return this.accountIds[pool] !== undefined;
  }

  get(pool: number): PoolOwner | undefined {
    const accountId = this.accountIds[pool];
    if (accountId === undefined) return undefined;
    const key = this.keys[pool] as number;
    return { accountId, asset: this.names[this.assets[pool] as number] as string, positionKey: key === NO_KEY ? null : (this.names[key] as string) };
  }

  /** Whether `pool` is owned by exactly `owner` (account, asset, key), without building an object. */
  isOwner(pool: number, owner: PoolOwner): boolean {
    if (this.accountIds[pool] !== owner.accountId || this.names[this.assets[pool] as number] !== owner.asset) return false;
    const key = this.keys[pool] as number;
    return key === NO_KEY ? owner.positionKey === null : this.names[key] === owner.positionKey;
  }

  /** Set (or with undefined, clear) the owner of `pool`. */
  set(pool: number, owner: PoolOwner | undefined): void {
    if (owner === undefined) {
      this.accountIds[pool] = undefined;
      return;
    }
    this.assets = grownInt32(this.assets, pool + 1);
    this.keys = grownInt32(this.keys, pool + 1);
    this.accountIds[pool] = owner.accountId;
    this.assets[pool] = this.intern(owner.asset);
    this.keys[pool] = owner.positionKey === null ? NO_KEY : this.intern(owner.positionKey);
  }
}
