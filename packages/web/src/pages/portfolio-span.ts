/**
 * The SPAN part of the portfolio page (`#/portfolio/<account>` of an account in SPAN margin, ADR
 * 0035): per combined commodity the 16 standard scenarios as a heat-coloured table (price move in
 * scan ranges, volatility up / down, the extreme moves), each position's loss per scenario, the
 * active (worst) scenario marked ◆, then the commodity's scan risk, charges and credits, and with
 * options (ADR 0041) their long and short values and the net option value the equity counts. Every
 * figure is the API's (`portfolio.span` of the account risk report: `margin span --json`'s report);
 * exact strings sit in `data-value`.
 */
import { esc, money } from '../format.js';

interface SpanScenario { readonly scenario: number; readonly priceMove: string; readonly volMove: number; readonly extreme: boolean }
interface SpanCc {
  readonly cc: string;
  readonly activeScenario: number;
  readonly scanRisk: string;
  readonly scenarios: readonly { scenario: number; loss: string; byPosition: readonly { contract: string; loss: string }[] }[];
  readonly intraSpreads: readonly { priority: number; charge: string }[];
  readonly spotCharges: readonly { month: string; charge: string }[];
  readonly interCredits: readonly { priority: number; method: string; credit: string }[];
  readonly shortOptionMinimum: string;
  readonly maintenanceRisk: string;
  readonly initialRatio: string;
  readonly initialRisk: string;
  /** The options' values at the file's prices (ADR 0041: the net option value; optional for old answers). */
  readonly longOptionValue?: string;
  readonly shortOptionValue?: string;
}
export interface SpanBreakdown {
  readonly parameterSet: string;
  readonly accountClass: string;
  readonly scenarios: readonly SpanScenario[];
  readonly positions: readonly { id: string; symbol: string; contract: string; quantity: string }[];
  readonly report: { readonly exchangeComplex: string; readonly businessDate: string; readonly maintenance: string; readonly initial: string; readonly netOptionValue?: string; readonly combinedCommodities: readonly SpanCc[] };
}

const lossText = (value: string): string => Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function scenarioText(s: SpanScenario | undefined): string {
  if (s === undefined) return '';
  const move = Number(s.priceMove);
  const thirds = Math.round(Math.abs(move) * 3);
  const size = s.extreme ? 'extreme' : thirds === 3 ? '1 range' : `${thirds}/3 range`;
  const price = move === 0 ? 'price unchanged' : `price ${move > 0 ? '+' : '−'}${size}`;
  const vol = s.volMove > 0 ? 'vol up' : s.volMove < 0 ? 'vol down' : 'vol unchanged';
  return `${price}, ${vol}`;
}

/** Loss colour against the table's largest magnitude: losses red, gains green. */
function heat(loss: number, scale: number): string {
  const t = scale > 0 ? Math.min(1, Math.abs(loss) / scale) : 0;
  const alpha = (0.08 + 0.6 * t).toFixed(3);
  return loss > 0 ? `rgba(220, 38, 38, ${alpha})` : `rgba(22, 163, 74, ${alpha})`;
}

function ccSection(prefix: string, cc: SpanCc, span: SpanBreakdown, asset: string): string {
  const contracts = cc.scenarios[0]?.byPosition.map((p) => p.contract) ?? [];
  const scale = Math.max(0, ...cc.scenarios.map((s) => Math.abs(Number(s.loss))));
  const rows = cc.scenarios.map((s) => {
    const worst = s.scenario === cc.activeScenario;
    const style = `background:${heat(Number(s.loss), scale)};${worst ? 'outline:2px solid #111;outline-offset:-2px;font-weight:700' : ''}`;
    const byPosition = s.byPosition.map((p) => `<td class="pos-loss" data-contract="${esc(p.contract)}" data-value="${esc(p.loss)}">${esc(lossText(p.loss))}</td>`).join('');
    return `<tr class="scenario${worst ? ' worst' : ''}" data-scenario="${s.scenario}"><td>${s.scenario}${worst ? ' ◆' : ''}</td><td class="text">${esc(scenarioText(span.scenarios.find((d) => d.scenario === s.scenario)))}</td><td class="loss" data-value="${esc(s.loss)}" style="${style}">${esc(lossText(s.loss))}</td>${byPosition}</tr>`;
  });
  const charges = [
    `<tr data-kind="scan"><td>scan risk (scenario ${cc.activeScenario})</td><td data-value="${esc(cc.scanRisk)}">${esc(money(cc.scanRisk, asset))}</td></tr>`,
    ...cc.intraSpreads.map((l) => `<tr data-kind="intra"><td>intra spread priority ${l.priority}</td><td data-value="${esc(l.charge)}">${esc(money(l.charge, asset))}</td></tr>`),
    ...cc.spotCharges.map((l) => `<tr data-kind="spot"><td>spot month ${esc(l.month)}</td><td data-value="${esc(l.charge)}">${esc(money(l.charge, asset))}</td></tr>`),
    ...cc.interCredits.map((l) => `<tr data-kind="inter"><td>inter spread priority ${l.priority} (${esc(l.method)}) credit</td><td class="pos" data-value="-${esc(l.credit)}">−${esc(money(l.credit, asset))}</td></tr>`),
    `<tr data-kind="som"><td>short option minimum</td><td data-value="${esc(cc.shortOptionMinimum)}">${esc(money(cc.shortOptionMinimum, asset))}</td></tr>`,
    `<tr data-kind="risk"><td><b>maintenance risk</b></td><td data-value="${esc(cc.maintenanceRisk)}"><b>${esc(money(cc.maintenanceRisk, asset))}</b></td></tr>`,
    `<tr data-kind="initial"><td>initial risk (ratio ${esc(cc.initialRatio)})</td><td data-value="${esc(cc.initialRisk)}">${esc(money(cc.initialRisk, asset))}</td></tr>`,
    // Options (ADR 0041): their values at the file's prices, the net option value's parts.
    ...(cc.longOptionValue !== undefined && Number(cc.longOptionValue) !== 0 ? [`<tr data-kind="long-option-value"><td>long option value</td><td data-value="${esc(cc.longOptionValue)}">${esc(money(cc.longOptionValue, asset))}</td></tr>`] : []),
    ...(cc.shortOptionValue !== undefined && Number(cc.shortOptionValue) !== 0 ? [`<tr data-kind="short-option-value"><td>short option value</td><td data-value="${esc(cc.shortOptionValue)}">${esc(money(cc.shortOptionValue, asset))}</td></tr>`] : []),
  ];
  return `<div class="group span-cc" data-group="${esc(cc.cc)}">
      <h3>${esc(cc.cc)} <span class="muted small">SPAN · active scenario ${cc.activeScenario} · maintenance risk <span class="group-mm" data-value="${esc(cc.maintenanceRisk)}">${esc(money(cc.maintenanceRisk, asset))}</span></span></h3>
      <table class="num-table span-scenarios" id="${esc(`${prefix}-span-${cc.cc}`)}"><thead><tr><th>#</th><th>scenario</th><th>loss</th>${contracts.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>
      <table class="num-table span-charges"><tbody>${charges.join('')}</tbody></table>
    </div>`;
}

/** The SPAN scenarios of every combined commodity, with the set, the positions as contracts, charges and credits. */
export function spanSection(prefix: string, span: SpanBreakdown, asset: string): string {
  const positions = span.positions.map((p) => `${esc(p.symbol)} → ${esc(p.contract)} × ${esc(p.quantity)}`).join(' · ');
  const nov = span.report.netOptionValue;
  // ADR 0041: equity counts the options at the engine's marks, so the requirement is the SPAN total plus NOV.
  const novText = nov === undefined || Number(nov) === 0 ? '' : ` · net option value <span class="span-nov" data-value="${esc(nov)}">${esc(money(nov, asset))}</span> (counted in equity; SPAN total less NOV <span class="span-total" data-value="${esc(span.report.maintenance)}">${esc(money(span.report.maintenance, asset))}</span>)`;
  return `<div class="span" data-set="${esc(span.parameterSet)}">
      <p class="muted small">parameter set ${esc(span.parameterSet)} (${esc(span.report.exchangeComplex)} ${esc(span.report.businessDate)}) · class ${esc(span.accountClass)} · ${positions || 'no positions'}${novText} · loss positive, ◆ the active (worst) scenario</p>
      ${span.report.combinedCommodities.map((cc) => ccSection(prefix, cc, span, asset)).join('')}
    </div>`;
}
