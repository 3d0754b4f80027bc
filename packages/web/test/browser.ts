/**
 * Debian's Chromium driven by playwright-core for the dashboard's browser tests: where it is, why
 * a test is skipped without it, and one way to open a page that records the page's errors.
 */
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SKIP: string | false = HAVE_CHROMIUM ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;

export interface BrowserOptions {
  /** Put this API key in the page's storage before any script runs (a quiet serve prints no demo key into the page). */
  readonly apiKey?: string;
  readonly viewportHeightPx?: number;
  /** Record console errors too, not only uncaught page errors (default true). */
  readonly consoleErrors?: boolean;
}

export interface BrowserPage {
  readonly context: BrowserContext;
  readonly page: Page;
}

/** Opens a headless Chromium with its profile in `profileDir`; the page's errors go to `errors`. */
export async function openBrowser(profileDir: string, errors: string[], options: BrowserOptions = {}): Promise<BrowserPage> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: options.viewportHeightPx ?? 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  if (options.apiKey !== undefined) await page.addInitScript((key) => localStorage.setItem('margin.apiKey', key), options.apiKey);
  if (options.consoleErrors !== false) {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
  }
  page.on('pageerror', (error) => errors.push(error.message));
  if (process.env['BROWSER_TEST_LOG_RESPONSES'] === '1') page.on('response', (r) => { if (r.status() >= 400) console.log(`HTTP ${r.status()} ${r.url()}`); });
  return { context, page };
}
