/** The dashboard: a key, a router over hash routes, and one live stream for all pages. */
import './style.css';
import { ApiError, api, apiKey, forgetKey, saveKey } from './api.js';
import { count, esc, setTickSizes } from './format.js';
import { AccountPage } from './pages/account.js';
import { DeskPage } from './pages/desk.js';
import { EventsPage } from './pages/events.js';
import { MarketsPage } from './pages/markets.js';
import { OverviewPage } from './pages/overview.js';
import { PortfolioPage } from './pages/portfolio.js';
import type { Page } from './pages/page.js';
import { RiskPage } from './pages/risk.js';
import { StressPage } from './pages/stress.js';
import { stream } from './stream.js';

const ROUTES: Record<string, () => Page> = {
  '': () => new OverviewPage(),
  risk: () => new RiskPage(),
  desk: () => new DeskPage(),
  markets: () => new MarketsPage(),
  events: () => new EventsPage(),
  account: () => new AccountPage(),
  stress: () => new StressPage(),
  portfolio: () => new PortfolioPage(),
};

const app = document.getElementById('app') as HTMLElement;
let current: Page | null = null;

function route(): void {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const name = parts[0] ?? '';
  const make = ROUTES[name] ?? ROUTES[''];
  current?.unmount();
  app.innerHTML = '';
  current = (make as () => Page)();
  current.mount(app, parts.slice(1).filter((p) => p.length > 0));
  for (const link of document.querySelectorAll<HTMLAnchorElement>('#nav a')) {
    link.classList.toggle('active', link.dataset['page'] === (name === '' ? 'overview' : name));
  }
  window.scrollTo(0, 0);
}

function askForKey(message: string): void {
  app.innerHTML = `<section class="card signin">
      <h1>Sign in with an API key</h1>
      <p class="muted">${esc(message)}</p>
      <form id="key-form"><input id="key-input" placeholder="mk_…" autocomplete="off" spellcheck="false"><button type="submit">Use key</button></form>
      <p class="muted small">Run <code>npm start</code> for the demo: it prints a key and gives this page one automatically.</p>
    </section>`;
  document.getElementById('key-form')?.addEventListener('submit', (e) => {
    e.preventDefault();
    saveKey((document.getElementById('key-input') as HTMLInputElement).value);
    location.reload();
  });
}

async function start(): Promise<void> {
  if (apiKey() === null) {
    askForKey('This dashboard reads the margin API, which needs a key.');
    return;
  }
  try {
    await api('/v1/me');
  } catch (error) {
    if (error instanceof ApiError && error.problem.status === 401) {
      forgetKey();
      askForKey('The stored key was refused; enter another.');
      return;
    }
  }
  const instruments = await api<{ instruments: { symbol: string; tickSize: string }[] }>('/v1/instruments').catch(() => ({ instruments: [] }));
  setTickSizes(instruments.instruments);
  const dot = document.getElementById('live-dot') as HTMLElement;
  const text = document.getElementById('live-text') as HTMLElement;
  stream.onStatus((connected) => {
    dot.classList.toggle('on', connected);
    text.textContent = connected ? 'live' : 'reconnecting';
  });
  stream.connect();
  // The engine's sequence number in the header: visible proof the book is moving.
  const seq = document.getElementById('seq') as HTMLElement;
  const tick = async (): Promise<void> => {
    const health = await fetch('/v1/health').then((r) => r.json() as Promise<{ lastSeq: number }>).catch(() => null);
    if (health !== null) seq.textContent = `seq ${count(health.lastSeq)}`;
  };
  void tick();
  window.setInterval(() => void tick(), 1_000);
  window.addEventListener('hashchange', route);
  route();
}

void start();
