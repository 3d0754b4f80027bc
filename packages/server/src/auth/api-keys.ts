/**
 * API keys. A key is `mk_<id>_<secret>`: the id (12 hex digits) finds the record, the secret
 * (256 random bits) proves possession. Only a salted SHA-256 of the secret is stored: 256 bits of
 * randomness need no slow hash, and a leaked table cannot be turned back into keys. Records live
 * in the journal's meta table, so keys survive a restart and move with the database; a change is
 * written there before it takes effect (ADR 0014).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Journal } from '@margin/store';

export const ROLES = ['admin', 'venue', 'account'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyRecord {
  readonly id: string;
  readonly role: Role;
  /** The one account an `account` key may read; null for admin and venue keys. */
  readonly account: string | null;
  readonly label: string;
  readonly salt: string;
  /** Hex SHA-256 of salt || secret. */
  readonly hash: string;
  readonly createdAt: string;
  /** Requests per minute; null means the server default. */
  readonly rateLimitPerMinute: number | null;
}

/** Who is calling: the verified key's id, role and (for account keys) account. */
export interface Principal {
  readonly keyId: string;
  readonly role: Role;
  readonly account: string | null;
  readonly rateLimitPerMinute: number | null;
}

export interface NewKey {
  readonly role: Role;
  readonly account?: string | null;
  readonly label?: string;
  readonly rateLimitPerMinute?: number | null;
  /** Fixed id (e.g. `demo`-like ids are refused: ids are always 12 hex digits); random when absent. */
  readonly id?: string;
}

export const KEYS_META_KEY = 'server.apiKeys';
const KEY_PATTERN = /^mk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

function digest(salt: string, secret: string): Buffer {
  return createHash('sha256').update(salt).update(secret).digest();
}

/** The id part of a well-formed key text, without verifying it (used to pick a rate-limit bucket). */
export function keyIdOf(keyText: string): string | null {
  return KEY_PATTERN.exec(keyText)?.[1] ?? null;
}

/** A key change whose journal write failed: nothing changed, in memory or on disk. */
export class KeyWriteError extends Error {
  override readonly name = 'KeyWriteError';
}

/**
 * Key changes commit, then apply (issue 14 defect 2): the new record list is written to the
 * journal first and the in-memory map changes only once the write succeeded, so what a caller
 * was answered is what holds after a restart. Changes run one at a time (each writes the whole
 * list). A revocation then tells its listeners (the stream hub closes the key's sockets).
 */
export class ApiKeyStore {
  private readonly records = new Map<string, ApiKeyRecord>();
  private readonly revokeListeners: ((keyId: string) => void)[] = [];
  private changes: Promise<unknown> = Promise.resolve();

  private constructor(private readonly journal: Journal) {}

  static async open(journal: Journal): Promise<ApiKeyStore> {
    const store = new ApiKeyStore(journal);
    const text = await journal.readMeta(KEYS_META_KEY);
    if (text !== null) {
      for (const record of JSON.parse(text) as ApiKeyRecord[]) store.records.set(record.id, record);
    }
    return store;
  }

  list(): ApiKeyRecord[] {
    return sortByCreation([...this.records.values()]);
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  count(role?: Role): number {
    let n = 0;
    for (const record of this.records.values()) if (role === undefined || record.role === role) n++;
    return n;
  }

  /** Called with a key's id once its revocation is durable. */
  onRevoke(listener: (keyId: string) => void): void {
    this.revokeListeners.push(listener);
  }

  /** Creates a key; the returned text is shown once and never stored. Throws KeyWriteError when the journal write fails. */
  async create(spec: NewKey): Promise<{ key: string; record: ApiKeyRecord }> {
    const account = spec.account ?? null;
    if (spec.role === 'account' && account === null) throw new RangeError('an account key needs an account');
    if (spec.role !== 'account' && account !== null) throw new RangeError(`a ${spec.role} key is not tied to an account`);
    return this.change(async () => {
      let id = spec.id ?? randomBytes(6).toString('hex');
      while (spec.id === undefined && this.records.has(id)) id = randomBytes(6).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const salt = randomBytes(16).toString('hex');
      const record: ApiKeyRecord = {
        id,
        role: spec.role,
        account,
        label: spec.label ?? '',
        salt,
        hash: digest(salt, secret).toString('hex'),
        createdAt: new Date().toISOString(),
        rateLimitPerMinute: spec.rateLimitPerMinute ?? null,
      };
      await this.write([...[...this.records.values()].filter((r) => r.id !== id), record]);
      this.records.set(id, record);
      return { key: `mk_${id}_${secret}`, record };
    });
  }

  /** Revokes a key: false when there is none; throws KeyWriteError (the key stays) when the journal write fails. */
  async revoke(id: string): Promise<boolean> {
    return this.change(async () => {
      if (!this.records.has(id)) return false;
      await this.write([...this.records.values()].filter((r) => r.id !== id));
      this.records.delete(id);
      this.notifyRevoked([id]);
      return true;
    });
  }

  /** Removes every key with this label (the demo replaces its key on each start). */
  async revokeLabel(label: string): Promise<void> {
    await this.change(async () => {
      const gone = [...this.records.values()].filter((r) => r.label === label).map((r) => r.id);
      if (gone.length === 0) return;
      await this.write([...this.records.values()].filter((r) => r.label !== label));
      for (const id of gone) this.records.delete(id);
      this.notifyRevoked(gone);
    });
  }

  /** The principal of a presented key, or null when it is malformed, unknown or wrong. */
  verify(keyText: string): Principal | null {
    const match = KEY_PATTERN.exec(keyText);
    if (match === null) return null;
    const record = this.records.get(match[1] as string);
    if (record === undefined) return null;
    const expected = Buffer.from(record.hash, 'hex');
    const actual = digest(record.salt, match[2] as string);
    if (!timingSafeEqual(expected, actual)) return null;
    return { keyId: record.id, role: record.role, account: record.account, rateLimitPerMinute: record.rateLimitPerMinute };
  }

  /** Runs key changes one after the other; a failed one does not stop the next. */
  private change<T>(run: () => Promise<T>): Promise<T> {
    const result = this.changes.then(run);
    this.changes = result.catch(() => undefined);
    return result;
  }

  private async write(records: ApiKeyRecord[]): Promise<void> {
    try {
      await this.journal.writeMeta(KEYS_META_KEY, JSON.stringify(sortByCreation(records)));
    } catch (error) {
      throw new KeyWriteError(error instanceof Error ? error.message : String(error));
    }
  }

  private notifyRevoked(ids: readonly string[]): void {
    for (const id of ids) for (const listener of this.revokeListeners) listener(id);
  }
}

function sortByCreation(records: ApiKeyRecord[]): ApiKeyRecord[] {
  return records.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** What callers may see of a record (never the hash or salt). */
export function publicKeyRecord(record: ApiKeyRecord): Omit<ApiKeyRecord, 'salt' | 'hash'> {
  const { salt: _salt, hash: _hash, ...rest } = record;
  return rest;
}
