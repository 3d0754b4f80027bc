/**
 * uPlot charts with fixed sizes (no layout jumps): a time-series line chart that takes appended
 * points, and a bar chart for the margin-ratio distribution. Each resizes with its container.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface LineSeries {
  readonly label: string;
  readonly color: string;
  readonly dash?: number[];
  readonly width?: number;
}

export interface LineChartOptions {
  readonly height: number;
  readonly series: readonly LineSeries[];
  /** Formats a y value for the axis and the legend (with its unit). */
  readonly formatY: (value: number) => string;
  readonly maxPoints?: number;
  readonly yAxisSize?: number;
  /** Narrowest time window shown, so a few seconds of data do not fill the chart with sub-second ticks. */
  readonly minSpanSeconds?: number;
}

/** The font of the axis labels (also used to measure them). */
const AXIS_FONT = '12px system-ui, -apple-system, sans-serif';
let measureContext: CanvasRenderingContext2D | null = null;

/** Width of a label in CSS px, in the axis font. */
export function labelWidth(text: string): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (measureContext === null) return text.length * 7;
  measureContext.font = AXIS_FONT;
  return measureContext.measureText(text).width;
}

/** Time-axis labels: hours and minutes, with seconds only when the ticks are less than a minute apart. */
export function timeLabels(splits: readonly number[], incrementSeconds: number): string[] {
  const withSeconds = incrementSeconds < 60;
  return splits.map((v) => {
    const d = new Date(v * 1000);
    const hh = String(d.getHours()).padStart(2, '0');
    const mm = String(d.getMinutes()).padStart(2, '0');
    const ss = String(d.getSeconds()).padStart(2, '0');
    return withSeconds ? `${hh}:${mm}:${ss}` : `${hh}:${mm}`;
  });
}

/** Room between two time ticks: the widest label (HH:MM:SS) and a gap, so labels never touch. */
const TIME_TICK_SPACE_PX = Math.ceil(8 * 7.5) + 24;

export class LineChart {
  private readonly plot: uPlot;
  /** Labels of the time axis as last drawn, with their left and right edges (px): tests check they do not overlap. */
  private xLabels: string[] = [];
  private readonly data: number[][];
  private readonly maxPoints: number;
  private readonly observer: ResizeObserver;

  constructor(container: HTMLElement, options: LineChartOptions) {
    this.maxPoints = options.maxPoints ?? 2_000;
    this.data = [[], ...options.series.map(() => [])];
    const width = Math.max(container.clientWidth, 300);
    this.plot = new uPlot(
      {
        width,
        height: options.height,
        legend: { show: true, live: true },
        cursor: { drag: { x: false, y: false } },
        hooks: { draw: [(u) => this.recordLabels(u, container)] },
        scales: {
          x: {
            time: true,
            range: (_u, min, max) => {
              const span = options.minSpanSeconds ?? 0;
              if (min === null || max === null) return [0, 1];
              return max - min < span ? [max - span, max] : [min, max];
            },
          },
        },
        axes: [
          {
            stroke: '#5b6473',
            font: AXIS_FONT,
            grid: { stroke: '#eef0f3' },
            ticks: { stroke: '#d9dde3' },
            space: TIME_TICK_SPACE_PX,
            values: (_u, splits, _axis, _space, increment) => (this.xLabels = timeLabels(splits, increment)),
          },
          {
            stroke: '#5b6473',
            font: AXIS_FONT,
            size: options.yAxisSize ?? 90,
            grid: { stroke: '#eef0f3' },
            ticks: { stroke: '#d9dde3' },
            values: (_u, values) => values.map((v) => options.formatY(v)),
          },
        ],
        series: [
          { value: (_u, v) => (v === null ? '—' : new Date(v * 1000).toLocaleTimeString('en-GB', { hour12: false })) },
          ...options.series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: s.width ?? 1.5,
            ...(s.dash === undefined ? {} : { dash: s.dash }),
            value: (_u: uPlot, v: number | null) => (v === null ? '—' : options.formatY(v)),
            points: { show: false },
          })),
        ],
      },
      this.data as uPlot.AlignedData,
      container,
    );
    this.observer = new ResizeObserver(() => {
      const w = Math.max(container.clientWidth, 300);
      if (Math.abs(w - this.plot.width) > 2) this.plot.setSize({ width: w, height: options.height });
    });
    this.observer.observe(container);
  }

  /** Writes the drawn time labels and their extents into `data-x-ticks` (read by the browser tests). */
  private recordLabels(u: uPlot, container: HTMLElement): void {
    const splits = (u.axes[0] as { _splits?: number[] })._splits ?? [];
    const ticks = splits
      .map((v, i) => {
        const label = this.xLabels[i] ?? '';
        const center = u.valToPos(v, 'x');
        const half = labelWidth(label) / 2;
        return { label, left: Math.round((center - half) * 10) / 10, right: Math.round((center + half) * 10) / 10 };
      })
      .filter((t) => t.label !== '' && t.right >= 0 && t.left <= u.bbox.width / devicePixelRatio);
    container.dataset['xTicks'] = JSON.stringify(ticks);
  }

  /** Replaces all points: `times` in epoch ms, one array per series. */
  set(timesMs: readonly number[], values: readonly (readonly (number | null)[])[]): void {
    this.data[0] = timesMs.map((t) => t / 1000);
    values.forEach((series, i) => {
      this.data[i + 1] = series as number[];
    });
    this.plot.setData(this.data as uPlot.AlignedData);
  }

  /** Appends one point per series (ms time), dropping the oldest beyond `maxPoints`. */
  append(timeMs: number, values: readonly (number | null)[]): void {
    (this.data[0] as number[]).push(timeMs / 1000);
    values.forEach((v, i) => (this.data[i + 1] as (number | null)[]).push(v));
    if ((this.data[0] as number[]).length > this.maxPoints) for (const series of this.data) series.shift();
    this.plot.setData(this.data as uPlot.AlignedData);
  }

  get points(): number {
    return (this.data[0] as number[]).length;
  }

  destroy(): void {
    this.observer.disconnect();
    this.plot.destroy();
  }
}

export class BarChart {
  private readonly plot: uPlot;
  private readonly observer: ResizeObserver;
  private labels: string[] = [];

  constructor(container: HTMLElement, height: number, color: (index: number) => string, yLabel: string) {
    const width = Math.max(container.clientWidth, 300);
    this.plot = new uPlot(
      {
        width,
        height,
        legend: { show: false },
        cursor: { show: true, drag: { x: false, y: false }, points: { show: false } },
        scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [
          { stroke: '#5b6473', grid: { show: false }, ticks: { show: false }, values: (_u, values) => values.map((v) => this.labels[v] ?? ''), space: 10, gap: 4, size: 36 },
          { stroke: '#5b6473', grid: { stroke: '#eef0f3' }, label: yLabel, labelSize: 18, size: 60, values: (_u, values) => values.map((v) => (Number.isInteger(v) ? v.toLocaleString('en-US') : '')) },
        ],
        series: [
          {},
          // Bars are drawn in the drawSeries hook, one colour per risk band.
          { label: yLabel, stroke: color(0), paths: () => null, points: { show: false } },
        ],
        hooks: {
          draw: [
            (u) => {
              // Colour each bar by its risk band, then write its count above it.
              const ctx = u.ctx;
              const data = u.data[1] ?? [];
              ctx.save();
              ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
              ctx.textAlign = 'center';
              ctx.fillStyle = '#1f2733';
              data.forEach((v, i) => {
                if (v === null || v === undefined) return;
                const x = u.valToPos(i, 'x', true);
                const y = u.valToPos(v, 'y', true);
                ctx.fillText(v.toLocaleString('en-US'), x, y - 4 * devicePixelRatio);
              });
              ctx.restore();
            },
          ],
          drawSeries: [
            (u) => {
              const ctx = u.ctx;
              const data = u.data[1] ?? [];
              ctx.save();
              const bw = (u.bbox.width / Math.max(data.length, 1)) * 0.8;
              data.forEach((v, i) => {
                if (v === null || v === undefined || v === 0) return;
                const x = u.valToPos(i, 'x', true);
                const y = u.valToPos(v, 'y', true);
                const y0 = u.valToPos(0, 'y', true);
                ctx.fillStyle = color(i);
                ctx.fillRect(x - bw / 2, y, bw, y0 - y);
              });
              ctx.restore();
            },
          ],
        },
      },
      [[], []],
      container,
    );
    this.observer = new ResizeObserver(() => {
      const w = Math.max(container.clientWidth, 300);
      if (Math.abs(w - this.plot.width) > 2) this.plot.setSize({ width: w, height });
    });
    this.observer.observe(container);
  }

  set(labels: string[], values: number[]): void {
    this.labels = labels;
    this.plot.setData([labels.map((_l, i) => i), values]);
  }

  destroy(): void {
    this.observer.disconnect();
    this.plot.destroy();
  }
}
