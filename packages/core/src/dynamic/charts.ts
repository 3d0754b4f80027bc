/**
 * Self-contained charts and the HTML report of `margin dynamic --chart` and `margin backtest
 * --report`: inline SVG, no script, no network. Pure string builders (no I/O): the CLI writes
 * the file.
 */
import type { PriceSeries } from './series.js';
import type { RateSeries } from './models.js';
import type { BacktestResult } from './backtest.js';
import type { BacktestReport } from './reports.js';

export interface RateChart {
  readonly title: string;
  readonly subtitle: string;
  readonly timesMs: Float64Array;
  /** Grey bars (|returns| or |loss|), as fractions. */
  readonly bars: Float64Array;
  readonly barsLabel: string;
  /** The margin rate line, as fractions (NaN: no rate). */
  readonly line: Float64Array;
  readonly lineLabel: string;
  /** Indices marked in red (exceptions). */
  readonly markers: readonly number[];
  readonly from: number;
  readonly to: number;
}

const WIDTH = 960;
const HEIGHT = 320;
const PAD = { left: 64, right: 16, top: 44, bottom: 36 };

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function niceStep(range: number, count: number): number {
  const raw = range / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? 10 * power) as number;
}

/** Pixel coordinates to 0.1 (not money: chart geometry). */
const px = (v: number): string => String(Math.round(v * 10) / 10);

const percent = (v: number) => `${Number((v * 100).toPrecision(10))}%`;

/** An SVG chart: bars, the rate line over them, exception markers, time and percent axes. */
export function rateChartSvg(chart: RateChart): string {
  const { timesMs, bars, line, from, to } = chart;
  let yMax = 0;
  for (let t = from; t <= to; t++) {
    const b = bars[t] as number;
    const l = line[t] as number;
    if (Number.isFinite(b)) yMax = Math.max(yMax, b);
    if (Number.isFinite(l)) yMax = Math.max(yMax, l);
  }
  if (yMax <= 0) yMax = 0.01;
  const t0 = timesMs[from] as number;
  const t1 = Math.max((timesMs[to] as number) ?? t0, t0 + 1);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t: number) => px(PAD.left + (((timesMs[t] as number) - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => px(PAD.top + plotH - (v / yMax) * plotH);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${PAD.left}" y="18" font-size="14" font-weight="bold">${escapeXml(chart.title)}</text>`,
    `<text x="${PAD.left}" y="34" fill="#555">${escapeXml(chart.subtitle)}</text>`,
  ];
  const step = niceStep(yMax, 5);
  for (let v = 0; v <= yMax + 1e-12; v += step) {
    parts.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${y(v)}" text-anchor="end" dominant-baseline="middle" fill="#555">${percent(v)}</text>`);
  }
  const y0 = new Date(t0).getUTCFullYear();
  const y1 = new Date(t1).getUTCFullYear();
  const yearStep = Math.max(1, Math.ceil((y1 - y0 + 1) / 10));
  for (let year = y0 + 1; year <= y1; year += yearStep) {
    const at = Date.UTC(year, 0, 1);
    const xYear = px(PAD.left + ((at - t0) / (t1 - t0)) * plotW);
    parts.push(`<line x1="${xYear}" x2="${xYear}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#f3f3f3"/>`);
    parts.push(`<text x="${xYear}" y="${HEIGHT - PAD.bottom + 14}" text-anchor="middle" fill="#555">${year}</text>`);
  }
  let barPath = '';
  for (let t = from; t <= to; t++) {
    const b = bars[t] as number;
    if (Number.isFinite(b) && b > 0) barPath += `M${x(t)} ${y(0)}V${y(b)}`;
  }
  parts.push(`<path d="${barPath}" stroke="#b8c2cc" stroke-width="1" fill="none"><title>${escapeXml(chart.barsLabel)}</title></path>`);
  let linePath = '';
  let pen = false;
  for (let t = from; t <= to; t++) {
    const l = line[t] as number;
    if (!Number.isFinite(l)) {
      pen = false;
      continue;
    }
    linePath += `${pen ? 'L' : 'M'}${x(t)} ${y(l)}`;
    pen = true;
  }
  parts.push(`<path d="${linePath}" stroke="#1f5fbf" stroke-width="1.4" fill="none"><title>${escapeXml(chart.lineLabel)}</title></path>`);
  for (const t of chart.markers) parts.push(`<circle cx="${x(t)}" cy="${y(bars[t] as number)}" r="2.6" fill="#d62728"/>`);
  const legendY = HEIGHT - 8;
  parts.push(
    `<line x1="${PAD.left}" x2="${PAD.left + 18}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="#1f5fbf" stroke-width="2"/><text x="${PAD.left + 22}" y="${legendY}">${escapeXml(chart.lineLabel)}</text>`,
    `<line x1="${PAD.left + 260}" x2="${PAD.left + 278}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="#b8c2cc" stroke-width="2"/><text x="${PAD.left + 282}" y="${legendY}">${escapeXml(chart.barsLabel)}</text>`,
  );
  if (chart.markers.length > 0) parts.push(`<circle cx="${PAD.left + 560}" cy="${legendY - 4}" r="3" fill="#d62728"/><text x="${PAD.left + 568}" y="${legendY}">exception (${chart.markers.length})</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** |one-step return| bars under the charged rate of a dynamic model. */
export function dynamicChartSvg(series: PriceSeries, rates: RateSeries): string {
  const n = series.prices.length;
  const bars = new Float64Array(n).fill(Number.NaN);
  for (let t = 1; t < n; t++) bars[t] = Math.abs((series.prices[t] as number) / (series.prices[t - 1] as number) - 1);
  return rateChartSvg({
    title: `Margin rate: ${rates.model.label}`,
    subtitle: `${series.label}, ${series.times[0]} to ${series.times[n - 1]}; q ${rates.model.confidence}, MPOR ${rates.model.mporSteps} step(s)`,
    timesMs: series.timesMs,
    bars,
    barsLabel: '|return| over one step',
    line: rates.charged,
    lineLabel: 'margin rate charged',
    markers: [],
    from: 0,
    to: n - 1,
  });
}

export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>body{font-family:sans-serif;margin:24px;color:#222;max-width:1000px}table{border-collapse:collapse;font-size:13px}
td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
.green{background:#d8f3dc}.yellow{background:#fff3bf}.red{background:#ffd6d6}.note{color:#555;font-size:12px}</style>
</head><body>
${body}
</body></html>
`;
}

export function dynamicChartHtml(series: PriceSeries, rates: RateSeries): string {
  return htmlPage(`Margin rate: ${rates.model.label}`, dynamicChartSvg(series, rates));
}

/** The side-by-side backtest report: one table of every figure, then one chart per model. */
export function backtestHtml(series: PriceSeries, result: BacktestResult, report: BacktestReport): string {
  const rows: Array<[string, (m: BacktestReport['models'][number]) => string]> = [
    ['observations', (m) => String(m.observations)],
    ['expected exception rate', (m) => m.expectedRate ?? ''],
    ['exceptions', (m) => String(m.exceptions)],
    ['exception rate', (m) => m.exceptionRate ?? ''],
    ['Kupiec LR_uc (p-value)', (m) => `${m.kupiec.statistic} (${m.kupiec.pValue})`],
    ['Christoffersen LR_ind (p-value)', (m) => `${m.christoffersen.independence} (${m.christoffersen.independencePValue})`],
    ['Christoffersen LR_cc (p-value)', (m) => `${m.christoffersen.conditionalCoverage} (${m.christoffersen.conditionalCoveragePValue})`],
    ['traffic light (yellow from, red from)', (m) => `${m.trafficLight.zone} (${m.trafficLight.yellowFrom}, ${m.trafficLight.redFrom})`],
    ['peak-to-trough', (m) => m.procyclicality.peakToTrough ?? ''],
    ['largest 1-step increase', (m) => m.procyclicality.maxIncrease1 ?? ''],
    ['largest 5-step increase', (m) => m.procyclicality.maxIncrease5 ?? ''],
    ['largest 20-step increase', (m) => m.procyclicality.maxIncrease20 ?? ''],
    ['cost: mean rate', (m) => m.cost.meanRate ?? ''],
    ['exception shortfall mean / max', (m) => `${m.exceptionShortfall.mean} / ${m.exceptionShortfall.max}`],
    ['loss-to-margin mean / max', (m) => `${m.lossToMargin.mean} / ${m.lossToMargin.max}`],
    ['cap shortfall steps / max', (m) => `${m.capShortfall.steps} / ${m.capShortfall.max}`],
  ];
  const head = `<tr><th>figure</th>${report.models.map((m) => `<th>${escapeXml(String(m.model.label))}</th>`).join('')}</tr>`;
  const body = rows
    .map(([name, cell]) => {
      const cells = report.models.map((m) => {
        const cls = name.startsWith('traffic') ? ` class="${m.trafficLight.zone}"` : '';
        return `<td${cls}>${escapeXml(cell(m))}</td>`;
      });
      return `<tr><td>${escapeXml(name)}</td>${cells.join('')}</tr>`;
    })
    .join('\n');
  const charts = result.models.map((m) => {
    const bars = m.losses.map(Math.abs);
    return rateChartSvg({
      title: String(m.rates.model.label),
      subtitle: `${m.exceptions.length} exceptions in ${m.kupiec.observations} observations (expected ${px(m.expectedRate * m.kupiec.observations)}); ${report.side} position, MPOR ${m.mporSteps} step(s)`,
      timesMs: series.timesMs,
      bars,
      barsLabel: `|return| over the MPOR`,
      line: m.rates.charged,
      lineLabel: 'margin rate charged',
      markers: m.exceptions.map((e) => e.index),
      from: result.first,
      to: result.last,
    });
  });
  const notes = report.notes.map((note) => `<li>${escapeXml(note)}</li>`).join('');
  return htmlPage(
    `Margin backtest: ${series.label}`,
    `<h1>Margin backtest</h1>
<p>${escapeXml(series.label)}: ${report.series.rows} prices, ${escapeXml(report.series.from)} to ${escapeXml(report.series.to)}; tested ${escapeXml(report.tested.from)} to ${escapeXml(report.tested.to)}, ${escapeXml(report.side)} position.</p>
<table>${head}
${body}</table>
<ul class="note">${notes}</ul>
${charts.join('\n')}`,
  );
}
