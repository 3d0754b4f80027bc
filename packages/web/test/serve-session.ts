/**
 * The set-up every browser test repeats around `margin serve` (serve-process.ts): a fresh
 * temporary folder with the server's SQLite file and the Chromium profile in it, the screenshots
 * folder, the teardown in reverse order, and the admin-key API call that the quiet-serve tests
 * seed their market with and compare the screen against.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { REPO_ROOT, startServe, type ServeProcess } from './serve-process.js';

export const SCREENSHOTS = join(REPO_ROOT, 'out', 'screenshots');

export interface ServeSession {
  readonly dataDir: string;
  readonly serve: ServeProcess;
}

/**
 * `margin serve ARGS` with its database in a new temporary folder named from `tmpPrefix`
 * (`demo.sqlite` with --demo, `quiet.sqlite` without: a quiet server's figures hold still).
 */
export async function startServeSession(tmpPrefix: string, args: readonly string[] = []): Promise<ServeSession> {
  const dataDir = mkdtempSync(join(tmpdir(), tmpPrefix));
  mkdirSync(SCREENSHOTS, { recursive: true });
  try {
    const serve = await startServe([...args, '--db', join(dataDir, args.includes('--demo') ? 'demo.sqlite' : 'quiet.sqlite')]);
    return { dataDir, serve };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Closes the browser, stops the server and removes the folder; each may be missing when `before` failed early. */
export async function stopServeSession(context: BrowserContext | undefined, serve: ServeProcess | undefined, dataDir: string | undefined): Promise<void> {
  await context?.close();
  await serve?.stop();
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
}

export type ApiCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** Calls the API of the server `serveOf()` returns with its admin key; anything but 200 fails the test, naming the call and the answer. */
export function apiCaller(serveOf: () => ServeProcess): ApiCall {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const serve = serveOf();
    const answer = await fetch(`${serve.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${serve.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await answer.text();
    assert.equal(answer.status, 200, `${method} ${path}: ${text}`);
    return JSON.parse(text) as T;
  };
}
