/**
 * Which partition owns a command. Accounts map to partitions by a stable hash: FNV-1a (32 bit)
 * of the account id's UTF-8 bytes, modulo the partition count. It depends on nothing but the id
 * and the count, so every gateway, worker and auditor agrees, today and after a restart.
 * Commands without an account (instruments, assets, prices, books, funding, expiry) are shared
 * inputs: every partition applies them, in one order (subjects.ts). Money without an account is
 * not shared: an insurance deposit goes to the risk partition only (partition 0), which holds the
 * cluster's insurance fund, so the cluster counts it once.
 */
import { InputError } from '@margin/core';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a 32-bit hash of the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/** The partition (0..partitions-1) that owns `accountId`. */
export function partitionOf(accountId: string, partitions: number): number {
  return fnv1a32(accountId) % partitions;
}

/** Where a command goes: to the owner of its account, or to every partition. */
export type Route =
  | { readonly kind: 'account'; readonly account: string; readonly partition: number }
  | { readonly kind: 'risk'; readonly partition: number }
  /** A leg of an insurance transfer (fund-float.ts): `out` to its `from` partition, `in` to its `to`; a `shortfallSettle` to its `to` (shortfall.ts). */
  | { readonly kind: 'transfer'; readonly partition: number }
  | { readonly kind: 'shared' };

/** The partition holding the cluster's insurance fund; it tops up the others' floats with transfers (fund-float.ts). */
export const RISK_PARTITION = 0;

/** Command types that move money without an account: applied once, by the risk partition. */
const RISK_TYPES: ReadonlySet<string> = new Set(['insuranceDeposit']);

/** The route of a JSON command (validated or not: only its `account` field is read). */
export function routeOf(command: unknown, partitions: number): Route {
  const account = command !== null && typeof command === 'object' ? (command as Record<string, unknown>)['account'] : undefined;
  if (typeof account === 'string') return { kind: 'account', account, partition: partitionOf(account, partitions) };
  const type = command !== null && typeof command === 'object' ? (command as Record<string, unknown>)['type'] : undefined;
  if (typeof type === 'string' && RISK_TYPES.has(type)) return { kind: 'risk', partition: RISK_PARTITION };
  if (type === 'insuranceTransfer' || type === 'shortfallSettle') {
    const fields = command as Record<string, unknown>;
    const partition = fields['leg'] === 'out' ? fields['from'] : fields['to'];
    // A leg naming no partition of this cluster goes to the risk partition, whose worker refuses it unapplied.
    return { kind: 'transfer', partition: Number.isSafeInteger(partition) && (partition as number) >= 0 && (partition as number) < partitions ? (partition as number) : RISK_PARTITION };
  }
  return { kind: 'shared' };
}

/** Checks `--partition K --of N` (0 <= K < N <= 1024). */
export function checkPartition(partition: number, partitions: number): void {
  if (!Number.isSafeInteger(partitions) || partitions < 1 || partitions > 1024) throw new InputError(['--of'], `must be a whole number from 1 to 1024, got ${partitions}`);
  if (!Number.isSafeInteger(partition) || partition < 0 || partition >= partitions) throw new InputError(['--partition'], `must be a whole number from 0 to ${partitions - 1} (below --of), got ${partition}`);
}
