/**
 * Outputs of `margin simulate`: the text summary (stdout), the time series as CSV, and a
 * self-contained HTML report (inline SVG charts and CSS, nothing fetched).
 */
import type { SimulationResult, StepRow } from './runner.js';
import { CRASH_SYMBOLS } from './population.js';
import { barChart, compactNumber, escapeXml, lineChart, type Series } from './svg-charts.js';

const ASSETS = ['USDT', 'BTC'] as const;
const COLORS = { mark: '#2563eb', liquidations: '#dc2626', usdt: '#059669', btc: '#d97706', adl: '#7c3aed', social: '#0891b2', unresolved: '#111827' };

/** CSV amounts: plain digits, so a spreadsheet reads them as numbers. */
const amount = (value: number, asset: string): string => (asset === 'BTC' ? value.toFixed(8) : value.toFixed(2));
/** Amounts a person reads (text summary, HTML): the same digits, thousands grouped. */
const shown = (value: number, asset: string): string => {
  const decimals = asset === 'BTC' ? 8 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
};
/** The quote asset of a linear symbol (BTCUSDT -> USDT): chart axes name the real asset, not "USD". */
const quoteAsset = (symbol: string): string => ['USDT', 'USDC', 'USD'].find((q) => symbol.endsWith(q)) ?? '';
const thousands = (value: number): string => value.toLocaleString('en-US');

export function csvReport(result: SimulationResult): string {
  const header = [
    'step', 'time', 'seconds',
    ...CRASH_SYMBOLS.map((s) => `mark_${s}`),
    'liquidations', 'liquidation_fills', 'bankruptcies', 'adl_events', 'loss_shares', 'socialized_losses', 'unresolved',
    ...ASSETS.map((a) => `fund_${a}`),
    ...CRASH_SYMBOLS.map((s) => `open_interest_${s}`),
    'events',
  ];
  const lines = result.rows.map((row) => [
    row.step, row.time, row.atSeconds,
    ...CRASH_SYMBOLS.map((s) => row.marks[s] ?? ''),
    row.liquidations, row.liquidationFills, row.bankruptcies, row.adlEvents, row.lossShares, row.socializations, row.unresolved,
    ...ASSETS.map((a) => amount(row.funds[a] ?? 0, a)),
    ...CRASH_SYMBOLS.map((s) => (row.openInterest[s] ?? 0).toFixed(3)),
    row.events,
  ].join(','));
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

interface FundStats {
  readonly start: number;
  readonly min: number;
  readonly end: number;
}

function fundStats(result: SimulationResult, asset: string): FundStats {
  const values = result.rows.map((row) => row.funds[asset] ?? 0);
  return { start: result.fundsAtStart[asset] ?? 0, min: Math.min(result.fundsAtStart[asset] ?? 0, ...values), end: values[values.length - 1] ?? 0 };
}

/** Per-minute sums of a row field. */
function perMinute(rows: readonly StepRow[], pick: (row: StepRow) => number): [number, number][] {
  const minutes = new Map<number, number>();
  for (const row of rows) {
    const minute = Math.floor((row.atSeconds - 1) / 60);
    minutes.set(minute, (minutes.get(minute) ?? 0) + pick(row));
  }
  return [...minutes.entries()].sort((a, b) => a[0] - b[0]);
}

export function textSummary(result: SimulationResult): string {
  const rows = result.rows;
  const marks = rows.map((row) => row.marks['BTCUSDT'] ?? 0);
  const lines = [
    `scenario ${result.scenario}, seed ${result.seed}, profile ${result.profile}: ${thousands(result.traders)} traders + ${result.makers} market makers, ${thousands(result.positionsAtStart)} positions (${result.setupRejected} setup commands refused)`,
    `steps ${rows.length}, BTCUSDT mark ${compactNumber(marks[0] ?? 0)} -> low ${compactNumber(Math.min(...marks))} / high ${compactNumber(Math.max(...marks))} -> ${compactNumber(marks[marks.length - 1] ?? 0)}`,
    `liquidations ${thousands(result.totals.liquidations)} (fills ${thousands(result.totals.liquidationFills)}), bankruptcies ${thousands(result.totals.bankruptcies)}, ADL events ${thousands(result.totals.adlEvents)}, socialised-loss shares ${thousands(result.totals.lossShares)}, unresolved deficits ${result.totals.unresolved}`,
    ...ASSETS.map((asset) => {
      const fund = fundStats(result, asset);
      return `insurance fund ${asset}: start ${shown(fund.start, asset)}, low ${shown(fund.min, asset)}, end ${shown(fund.end, asset)}`;
    }),
    'fund balance over time (USDT / BTC):',
    ...[0, 0.1, 0.25, 0.4, 0.5, 0.75, 1].map((share) => {
      const row = rows[Math.min(rows.length - 1, Math.max(0, Math.round(share * rows.length) - 1))];
      return row === undefined ? '' : `  ${row.time.slice(11, 19)}  mark ${compactNumber(row.marks['BTCUSDT'] ?? 0).padStart(6)}  ${shown(row.funds['USDT'] ?? 0, 'USDT').padStart(14)} USDT  ${shown(row.funds['BTC'] ?? 0, 'BTC').padStart(12)} BTC`;
    }),
    `accounts left negative: ${result.negativeAccounts.length}${result.negativeAccounts.length === 0 ? '' : ` (${result.negativeAccounts.slice(0, 5).map((a) => `${a.account} ${a.balance} ${a.asset}`).join(', ')}${result.negativeAccounts.length > 5 ? ', ...' : ''})`}`,
    `invariants checked after every step (${thousands(result.invariantChecks)} checks): conservation per asset incl. funds and rounding accounts; nobody left below maintenance; no negative balance but declared unresolved deficits`,
    `ran in ${(result.elapsedMs / 1000).toFixed(1)} s`,
  ];
  return `${lines.filter((line) => line !== '').join('\n')}\n`;
}

const CSS = `
:root { --ink:#111827; --muted:#6b7280; --line:#e5e7eb; --card:#ffffff; --bg:#f3f4f6; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { background: #0f172a; color: #f8fafc; padding: 22px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 650; }
header p { margin: 0; color: #cbd5e1; }
main { max-width: 1320px; margin: 0 auto; padding: 22px 32px 40px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin-bottom: 18px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .v { font-size: 22px; font-weight: 650; margin-top: 2px; font-variant-numeric: tabular-nums; }
.card .s { color: var(--muted); font-size: 12px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 8px 10px; margin-bottom: 14px; }
svg .title { font-size: 15px; font-weight: 650; fill: var(--ink); }
svg .subtitle, svg .legend { font-size: 12px; fill: var(--muted); }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { stroke: #9ca3af; stroke-width: 1; }
svg .ytick { font-size: 11px; fill: var(--muted); text-anchor: end; }
svg .xtick { font-size: 11px; fill: var(--muted); text-anchor: middle; }
svg .label { font-size: 12px; fill: var(--muted); text-anchor: middle; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: right; padding: 5px 8px; border-bottom: 1px solid var(--line); }
th:first-child, td:first-child { text-align: left; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
h2 { font-size: 16px; margin: 22px 0 8px; }
p.note { color: var(--muted); margin: 6px 0 0; }
@media (max-width: 980px) { .grid2 { grid-template-columns: 1fr; } }
`;

function card(key: string, value: string, sub = ''): string {
  return `<div class="card"><div class="k">${escapeXml(key)}</div><div class="v">${escapeXml(value)}</div>${sub === '' ? '' : `<div class="s">${escapeXml(sub)}</div>`}</div>`;
}

export function htmlReport(result: SimulationResult, scenarioDescription: string): string {
  const rows = result.rows;
  const minutes = (row: StepRow): number => row.atSeconds / 60;
  const usdt = fundStats(result, 'USDT');
  const btc = fundStats(result, 'BTC');
  const markChart = lineChart(
    { title: 'Mark price, BTCUSDT', subtitle: 'the inverse BTCUSD follows the same path (on its 0.5 tick)', xLabel: 'minutes', yLabel: quoteAsset('BTCUSDT'), width: 1240, height: 280 },
    [{ name: 'BTCUSDT', color: COLORS.mark, points: rows.map((row) => [minutes(row), row.marks['BTCUSDT'] ?? 0]) }],
  );
  const liquidationChart = barChart(
    { title: 'Liquidations per minute', subtitle: `${thousands(result.totals.liquidations)} in total, ${thousands(result.totals.bankruptcies)} of them bankrupt`, xLabel: 'minute', yLabel: 'pools liquidated' },
    [{ name: 'liquidations', color: COLORS.liquidations, points: perMinute(rows, (row) => row.liquidations) }],
  );
  const deficitSeries: Series[] = [
    { name: 'ADL closes', color: COLORS.adl, points: perMinute(rows, (row) => row.adlEvents) },
    { name: 'socialised losses', color: COLORS.social, points: perMinute(rows, (row) => row.socializations) },
  ];
  const adlChart = barChart(
    {
      title: 'ADL events per minute',
      subtitle: `${thousands(result.totals.adlEvents)} positions deleveraged; ${thousands(result.totals.socializations)} socialised losses (${thousands(result.totals.lossShares)} shares); ${result.totals.unresolved} unresolved`,
      xLabel: 'minute',
      yLabel: 'events',
    },
    deficitSeries,
  );
  const fundChart = (asset: 'USDT' | 'BTC', color: string, stats: FundStats): string =>
    lineChart(
      { title: `Insurance fund, ${asset}`, subtitle: `start ${shown(stats.start, asset)}, low ${shown(stats.min, asset)}, end ${shown(stats.end, asset)}`, xLabel: 'minutes', yLabel: asset },
      [{ name: asset, color, points: [[0, stats.start] as [number, number], ...rows.map((row): [number, number] => [minutes(row), row.funds[asset] ?? 0])] }],
    );
  const busiest = [...rows].sort((a, b) => b.liquidations - a.liquidations || a.step - b.step).slice(0, 10).filter((row) => row.liquidations > 0);
  const busiestRows = busiest
    .map((row) => `<tr><td>${escapeXml(row.time.slice(11, 19))}</td><td>${escapeXml(compactNumber(row.marks['BTCUSDT'] ?? 0))}</td><td>${row.liquidations}</td><td>${row.bankruptcies}</td><td>${row.adlEvents}</td><td>${row.lossShares}</td><td>${shown(row.funds['USDT'] ?? 0, 'USDT')}</td><td>${shown(row.funds['BTC'] ?? 0, 'BTC')}</td></tr>`)
    .join('');
  const negative = result.negativeAccounts.length === 0 ? 'none' : result.negativeAccounts.slice(0, 20).map((a) => `${a.account} ${a.balance} ${a.asset}`).join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Crash simulation: ${escapeXml(result.scenario)} (seed ${result.seed}, ${escapeXml(result.profile)})</title>
<style>${CSS}</style></head>
<body>
<header><h1>Crash simulation: ${escapeXml(result.scenario)}</h1>
<p>${escapeXml(scenarioDescription)}. Seed ${result.seed}, profile ${escapeXml(result.profile)}, ${thousands(result.traders)} traders and ${result.makers} market makers, ${rows.length} steps.</p></header>
<main>
<div class="cards">
${card('positions at start', thousands(result.positionsAtStart), `${result.setupRejected} setup commands refused`)}
${card('liquidations', thousands(result.totals.liquidations), `${thousands(result.totals.liquidationFills)} fills`)}
${card('bankruptcies', thousands(result.totals.bankruptcies))}
${card('ADL events', thousands(result.totals.adlEvents), `${thousands(result.totals.lossShares)} socialised-loss shares`)}
${card('fund USDT', shown(usdt.end, 'USDT'), `start ${shown(usdt.start, 'USDT')}, low ${shown(usdt.min, 'USDT')}`)}
${card('fund BTC', shown(btc.end, 'BTC'), `start ${shown(btc.start, 'BTC')}, low ${shown(btc.min, 'BTC')}`)}
${card('left negative', String(result.negativeAccounts.length), `${result.totals.unresolved} unresolved deficits`)}
</div>
<div class="panel">${markChart}</div>
<div class="grid2">
<div class="panel">${liquidationChart}</div>
<div class="panel">${adlChart}</div>
<div class="panel">${fundChart('USDT', COLORS.usdt, usdt)}</div>
<div class="panel">${fundChart('BTC', COLORS.btc, btc)}</div>
</div>
<h2>Busiest steps</h2>
<div class="panel"><table><thead><tr><th>time</th><th>mark</th><th>liquidations</th><th>bankruptcies</th><th>ADL</th><th>loss shares</th><th>fund USDT</th><th>fund BTC</th></tr></thead><tbody>${busiestRows || '<tr><td colspan="8">no liquidation</td></tr>'}</tbody></table></div>
<h2>Checks</h2>
<p class="note">After every step (${thousands(result.invariantChecks)} checks): money is conserved per asset, insurance funds and rounding accounts included; no pool with positions is left below maintenance; a balance below zero exists only as a deficit declared unresolved when the fund was empty and ADL or the socialisation had nobody left. Accounts left negative: ${escapeXml(negative)}.</p>
<p class="note">Generated by <code>margin simulate --seed ${result.seed} --accounts ${result.traders} --scenario ${escapeXml(result.scenario)} --profile ${escapeXml(result.profile)}</code>; the time series is in the CSV beside this file. Ran in ${(result.elapsedMs / 1000).toFixed(1)} s.</p>
</main></body></html>
`;
}
