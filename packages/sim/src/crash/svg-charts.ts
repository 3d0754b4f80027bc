/**
 * Small inline-SVG charts for the self-contained simulation report (no script, no network): a
 * line chart with one or more series and a bar chart, with nice axis ticks and labels.
 */

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface ChartOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly width?: number;
  readonly height?: number;
  /** Formats a y tick value. */
  readonly yFormat?: (value: number) => string;
}

const MARGIN = { left: 78, right: 18, top: 46, bottom: 46 };

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0];
  if (hi <= lo) hi = lo + 1;
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export function compactNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(abs >= 1e10 ? 0 : 1)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(abs >= 1e5 ? 0 : 1)}k`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 1) return value.toFixed(abs >= 10 ? 1 : 2).replace(/\.?0+$/, '');
  if (abs === 0) return '0';
  return value.toPrecision(2);
}

interface Frame {
  readonly width: number;
  readonly height: number;
  readonly x: (value: number) => number;
  readonly y: (value: number) => number;
  readonly parts: string[];
}

function frame(options: ChartOptions, xMin: number, xMax: number, yMin: number, yMax: number): Frame {
  const width = options.width ?? 640;
  const height = options.height ?? 260;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const yTicks = niceTicks(yMin, yMax);
  const yLo = Math.min(yMin, yTicks[0] ?? yMin);
  const yHi = Math.max(yMax, yTicks[yTicks.length - 1] ?? yMax);
  const xSpan = xMax - xMin || 1;
  const ySpan = yHi - yLo || 1;
  const x = (value: number): number => MARGIN.left + ((value - xMin) / xSpan) * plotW;
  const y = (value: number): number => MARGIN.top + plotH - ((value - yLo) / ySpan) * plotH;
  const format = options.yFormat ?? compactNumber;
  const parts: string[] = [
    `<text x="${MARGIN.left}" y="20" class="title">${escapeXml(options.title)}</text>`,
    options.subtitle === undefined ? '' : `<text x="${MARGIN.left}" y="36" class="subtitle">${escapeXml(options.subtitle)}</text>`,
  ];
  for (const tick of yTicks) {
    const py = y(tick).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${py}" y2="${py}" class="grid"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${py}" class="ytick" dy="0.32em">${escapeXml(format(tick))}</text>`);
  }
  for (const tick of niceTicks(xMin, xMax, 8)) {
    if (tick < xMin || tick > xMax) continue;
    const px = x(tick).toFixed(1);
    parts.push(`<line x1="${px}" x2="${px}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}" class="axis"/>`);
    parts.push(`<text x="${px}" y="${MARGIN.top + plotH + 17}" class="xtick">${escapeXml(compactNumber(tick))}</text>`);
  }
  parts.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" class="axis"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${height - 8}" class="label">${escapeXml(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" class="label">${escapeXml(options.yLabel)}</text>`);
  return { width, height, x, y, parts };
}

function svg(f: Frame, body: string[], legend: readonly Series[]): string {
  const items = legend.length < 2 ? [] : legend.map((s, i) => {
    const lx = f.width - MARGIN.right - 150 * (legend.length - i);
    return `<rect x="${lx}" y="12" width="12" height="12" rx="2" fill="${s.color}"/><text x="${lx + 18}" y="22" class="legend">${escapeXml(s.name)}</text>`;
  });
  return `<svg viewBox="0 0 ${f.width} ${f.height}" width="100%" role="img">${[...f.parts, ...body, ...items].join('')}</svg>`;
}

export function lineChart(options: ChartOptions, series: readonly Series[]): string {
  const all = series.flatMap((s) => s.points);
  const xs = all.map(([px]) => px);
  const ys = all.map(([, py]) => py);
  const f = frame(options, Math.min(...xs, 0), Math.max(...xs, 1), Math.min(...ys, 0) < 0 ? Math.min(...ys) : Math.min(...ys) * 0.98, Math.max(...ys, 0) * 1.02 || 1);
  const body = series.map((s) => {
    const d = s.points.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${f.x(px).toFixed(1)},${f.y(py).toFixed(1)}`).join('');
    return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"/>`;
  });
  return svg(f, body, series);
}

/** Bars at integer x positions (e.g. minutes); stacked when several series. */
export function barChart(options: ChartOptions, series: readonly Series[]): string {
  const xs = series.flatMap((s) => s.points.map(([px]) => px));
  const totals = new Map<number, number>();
  for (const s of series) for (const [px, py] of s.points) totals.set(px, (totals.get(px) ?? 0) + py);
  const xMin = Math.min(...xs, 0);
  const xMax = Math.max(...xs, 1) + 1;
  const f = frame(options, xMin, xMax, 0, Math.max(...totals.values(), 1) * 1.05);
  const barWidth = Math.max(1, f.x(xMin + 1) - f.x(xMin) - 0.6);
  const base = new Map<number, number>();
  const body: string[] = [];
  for (const s of series) {
    for (const [px, py] of s.points) {
      if (py <= 0) continue;
      const below = base.get(px) ?? 0;
      const top = f.y(below + py);
      const bottom = f.y(below);
      body.push(`<rect x="${f.x(px).toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.max(0.5, bottom - top).toFixed(1)}" fill="${s.color}"><title>${escapeXml(`${s.name}: ${py} at ${px}`)}</title></rect>`);
      base.set(px, below + py);
    }
  }
  return svg(f, body, series);
}
