/** The API client: the key (demo meta tag, or one the user typed, kept in localStorage), fetch, problems. */
import type { Problem } from '@margin/wire';

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

// Shapes of the API answers the pages use, from the wire contract (docs/wire.md). Type-only:
// erased at build, so the browser bundle does not pull zod.
export type { AccountHistory, AccountSummary, CompareResult, AdlQueue, Alert, AlertMessage, Exposure, FeedEvent, Holders, InstrumentJson, InsuranceHistory, MultiAssetAccountJson, Overview, PositionJson, Problem, RiskJson, StressResult, WhatIfResult } from '@margin/wire';
