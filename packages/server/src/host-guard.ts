/**
 * DNS-rebinding guard (issue 14 defect 10; ADR 0014). A browser page at http://evil.example:8080/
 * whose name the attacker re-points at 127.0.0.1 is same-origin with a server on loopback, so it
 * could read every answer, the demo page and its admin key included. The browser still sends the
 * page's own name as Host, so a server bound to a loopback address answers only Host
 * `localhost`, `127.0.0.1` or `[::1]` with its port (the port may be omitted on port 80), plus the
 * names given with `--allowed-host` (a proxy's name, any port unless the entry names one); anything
 * else is a 421 problem. A server bound to another address is meant to be reached by other names
 * and checks no Host; it never embeds the demo key (mayEmbedKey).
 */
import { InputError } from '@margin/core';

export const LOOPBACK_HOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** A host name, an IPv4 address or a bracketed IPv6 address, optionally with `:port`. */
const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

/** Whether a listen address is loopback: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) || bare === '::ffff:127.0.0.1';
}

interface Entry {
  readonly name: string;
  readonly port: number | null;
}

function splitHost(text: string): Entry | null {
  const lower = text.trim().toLowerCase();
  const match = HOST_PATTERN.exec(lower);
  if (match === null) return null;
  const port = match[1] === undefined ? null : Number(match[1]);
  if (port !== null && port > 65_535) return null;
  const name = port === null ? lower : lower.slice(0, lower.length - (match[1] as string).length - 1);
  return { name, port };
}

export class HostGuard {
  private readonly allowed: readonly Entry[];
  private loopback = false;
  private port = 0;

  /** `allowed`: extra names (`--allowed-host`), each `name` (any port) or `name:port`. */
  constructor(allowed: readonly string[]) {
    this.allowed = allowed.map((text, index) => {
      const entry = splitHost(text);
      if (entry === null) throw new InputError(['--allowed-host', index], `must be a host name or address, optionally with :port, got ${JSON.stringify(text)}`);
      return entry;
    });
  }

  /** Called once the server listens: the guard applies only to a loopback address. */
  bound(address: string, port: number): void {
    this.loopback = isLoopbackAddress(address);
    this.port = port;
  }

  get active(): boolean {
    return this.loopback;
  }

  /** Why a request with this Host header is refused, or null when it is served. */
  refusal(hostHeader: string | undefined): string | null {
    if (!this.loopback) return null;
    if (hostHeader === undefined || hostHeader.length === 0) return 'the request has no Host header';
    if (this.isLoopbackName(hostHeader)) return null;
    const entry = splitHost(hostHeader);
    if (entry !== null && this.allowed.some((a) => a.name === entry.name && (a.port === null || a.port === (entry.port ?? 80)))) return null;
    const names = LOOPBACK_HOST_NAMES.map((name) => `${name}:${this.port}`).join(', ');
    return `Host ${JSON.stringify(hostHeader.slice(0, 100))} is not served here: a server on a loopback address answers only Host ${names}${this.allowed.length > 0 ? ` or an --allowed-host name` : ''} (DNS-rebinding guard; add a name with --allowed-host)`;
  }

  /** The demo key may go into a page only on loopback, asked for under a loopback name. */
  mayEmbedKey(hostHeader: string | undefined): boolean {
    return this.loopback && hostHeader !== undefined && this.isLoopbackName(hostHeader);
  }

  private isLoopbackName(hostHeader: string): boolean {
    const entry = splitHost(hostHeader);
    if (entry === null || !LOOPBACK_HOST_NAMES.includes(entry.name)) return false;
    return entry.port === null ? this.port === 80 : entry.port === this.port;
  }
}
