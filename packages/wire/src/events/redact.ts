/**
 * What an account key may see of an event: its own account's name and anonymous market data,
 * never another account's name. An event about the account (its `account` is the key's) can name
 * a counterparty: `autoDeleveraged.bankruptAccount`, and ledger entries from or to another
 * account's wallet or isolated position (`user:<id>:wallet`). Those names become
 * `REDACTED_ACCOUNT`; amounts, symbols and system accounts stay (docs/api.md, "What an account key
 * sees"). Any string field named `...Account` other than the key's own is redacted too, so a field
 * added later cannot leak by default.
 */
export const REDACTED_ACCOUNT = '<other account>';

type EventJson = Record<string, unknown>;

/** The event as the account `account` may see it; the same object when nothing names another account. */
export function redactForAccount<T extends EventJson>(event: T, account: string): T {
  let copy: EventJson | null = null;
  const set = (key: string, value: unknown): void => {
    copy ??= { ...event };
    copy[key] = value;
  };
  for (const [key, value] of Object.entries(event)) {
    if (key !== 'account' && /Account$/.test(key) && typeof value === 'string' && value !== account) set(key, REDACTED_ACCOUNT);
  }
  const entries = event['entries'];
  if (Array.isArray(entries)) {
    const own = (name: string): boolean => name === `user:${account}:wallet` || name.startsWith(`user:${account}:isolated:`);
    const endpoint = (name: unknown): unknown => (typeof name === 'string' && name.startsWith('user:') && !own(name) ? `user:${REDACTED_ACCOUNT}` : name);
    const redacted = entries.map((entry: unknown) => {
      if (entry === null || typeof entry !== 'object') return entry;
      const { from, to } = entry as EventJson;
      const newFrom = endpoint(from);
      const newTo = endpoint(to);
      return newFrom === from && newTo === to ? entry : { ...(entry as EventJson), from: newFrom, to: newTo };
    });
    if (redacted.some((entry, i) => entry !== entries[i])) set('entries', redacted);
  }
  return (copy ?? event) as T;
}
