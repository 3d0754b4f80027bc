/** The API client: the key (demo meta tag, or one the user typed, kept in localStorage), fetch, problems. */
const STORAGE_KEY = 'margin.apiKey';

export function apiKey(): string | null {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="margin-demo-key"]');
  if (meta !== null && meta.content.length > 0) return meta.content;
  return localStorage.getItem(STORAGE_KEY);
}

export function saveKey(key: string): void {
  localStorage.setItem(STORAGE_KEY, key.trim());
}

export function forgetKey(): void {
  localStorage.removeItem(STORAGE_KEY);
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; rule: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const key = apiKey();
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  const json = text.length === 0 ? null : (JSON.parse(text) as unknown);
  if (!response.ok) {
    const problem = (json ?? { type: 'about:blank', title: response.statusText, status: response.status, detail: response.statusText }) as Problem;
    throw new ApiError(problem);
  }
  return json as T;
}

// Shapes of the API answers the pages use (docs/api.md).
// The `margin risk --json` shape, from the one definition in core (type-only: erased at build).
export type { PositionJson, RiskJson } from '@margin/core';

export interface Overview {
  profile: string;
  lastSeq: number;
  asOfSeq: number;
  computedAt: string | null;
  passMs: number;
  accounts: number;
  accountsWithPositions: number;
  liquidatable: number;
  openInterest: { symbol: string; settle: string; contracts: string; notional: string; holders: number; markPrice: string | null }[];
  insuranceFund: Record<string, string>;
  system: Record<string, Record<string, string>>;
  funding: { symbol: string; rate: string; time: string }[];
  marks: { symbol: string; markPrice: string | null; indexPrice: string | null; time: string | null }[];
  eventCounts: Record<string, number>;
  demo: boolean;
}

export interface AccountSummary {
  account: string;
  asset: string | null;
  equity: string;
  walletBalance: string;
  initialMargin: string;
  maintenanceMargin: string;
  availableBalance: string;
  marginRatio: string | null;
  liquidatable: boolean;
  positions: number;
  modes: string[];
  symbols: string[];
}

export interface InstrumentJson {
  symbol: string;
  kind: string;
  settle: string;
  contractSize: string;
  tickSize: string;
  lotSize?: string;
  takerFeeRate?: string;
  tiers?: { notionalFloor: string; maintenanceRate?: string; maintenanceAmount?: string; maxLeverage: string }[];
}

export type EngineEvent = Record<string, unknown> & { type: string; seq: number; commandId: string; committedAt?: string | null };
