/**
 * One account: every requirement explained (position, tier chosen and why, IM, MM, uPnL,
 * liquidation and bankruptcy price), live over the account stream, and the what-if calculator.
 */
import { ApiError, api, type AccountSummary, type InstrumentJson, type MultiAssetAccountJson, type PositionJson, type RiskJson, type WhatIfResult } from '../api.js';
import { HISTORY_SECTION, startHistory } from './account-history.js';
import { POSITIONS_TABLE_SECTION, PositionsTable } from './account-positions.js';
import { startCompare } from './account-compare.js';
import { COLLATERAL_SECTION, startCollateral } from './account-collateral.js';
import { startOptions } from './account-options.js';
import { isOptionInstrument, optionRows, optionWhatIfRows, whatIfLabel } from './what-if-options.js';
import { PORTFOLIO_LINK_SLOT, showPortfolioLink } from './portfolio-link.js';
import { DASH, amount, esc, money, percent, price, quoteOf, ratioClass, symbolPrice } from '../format.js';
import { stream } from '../stream.js';
import { $, every, showError, type Page } from './page.js';

export class AccountPage implements Page {
  private stops: (() => void)[] = [];
  private instruments = new Map<string, InstrumentJson>();
  private account = '';
  private risk: RiskJson | null = null;
  private chipAccounts: string[] = [];
  private readonly chipRisk = new Map<string, Totals>();
  /** The body of the what-if shown, re-asked on every live update so its "Now" column is the live state. */
  private lastWhatIf: { body: Record<string, unknown>; symbol: string } | null = null;
  private whatIfPending = false;
  private whatIfToken = 0;
  private positionsTable: PositionsTable | null = null;

  mount(root: HTMLElement, params: readonly string[]): void {
    this.account = params[0] ?? '';
    root.innerHTML = `
      <div class="page-head"><h1>Account <span id="account-name">${esc(this.account || '…')}</span></h1>${PORTFOLIO_LINK_SLOT}
        <form id="pick" class="pick"><input id="pick-input" placeholder="account id, e.g. acct-00042" value="${esc(this.account)}" autocomplete="off"><button type="submit">Open</button><span class="muted">riskiest:</span><span id="riskiest" class="riskiest"></span></form>
        <div class="error-slot"></div></div>
      <section class="kpis" id="account-kpis">
        ${tile('equity', 'Equity', 'wallet + unrealised PnL')}
        ${tile('im', 'Initial margin', 'to open / keep leverage')}
        ${tile('mm', 'Maintenance margin', 'below this: liquidation')}
        ${tile('avail', 'Available', 'equity − IM − order margin')}
        ${tile('ratio', 'Margin ratio', 'MM / equity, riskiest pool')}
      </section>
      ${HISTORY_SECTION}
      ${POSITIONS_TABLE_SECTION}
      ${COLLATERAL_SECTION}
      <section id="positions" class="positions"><div class="card empty-card">Loading positions…</div></section>
      <section class="card" id="what-if">
        <div class="card-head"><h2>What-if calculator</h2><span class="muted">the engine's own answer, changes nothing</span></div>
        <form id="whatif-form" class="whatif-form">
          <label>Symbol <select id="wi-symbol"></select></label>
          <label>Side <select id="wi-side"><option value="buy">buy (long)</option><option value="sell">sell (short)</option></select></label>
          <label>Size <input id="wi-size" inputmode="decimal" placeholder="contracts" value=""></label>
          <label>Order price <input id="wi-price" inputmode="decimal" placeholder="price"></label>
          <label>Position side <select id="wi-position-side"><option value="">one-way account</option><option value="long">long (hedge mode)</option><option value="short">short (hedge mode)</option></select></label>
          <label class="check"><input id="wi-reduce-only" type="checkbox"> reduce-only</label>
          <label>Mark price scenario <input id="wi-mark" inputmode="decimal" placeholder="leave empty: current mark"></label>
          <button type="submit">Calculate</button>
        </form>
        <div id="whatif-result" class="whatif-result"><p class="muted">Enter a hypothetical order (and/or a mark price) and press Calculate: you get the engine's verdict (accepted, or its reject code), the margin, the margin ratio and the liquidation price after it.</p></div>
      </section>`;
    this.positionsTable = new PositionsTable(root);
    $(root, '#pick').addEventListener('submit', (e) => {
      e.preventDefault();
      const value = ($(root, '#pick-input') as HTMLInputElement).value.trim();
      if (value.length > 0) location.hash = `#/account/${encodeURIComponent(value)}`;
    });
    $(root, '#whatif-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.whatIf(root);
    });
    void this.start(root);
  }

  unmount(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private async start(root: HTMLElement): Promise<void> {
    try {
      const [{ instruments }, me] = await Promise.all([
        api<{ instruments: InstrumentJson[] }>('/v1/instruments'),
        api<{ role: string; account: string | null }>('/v1/me'),
      ]);
      this.instruments = new Map(instruments.map((i) => [i.symbol, i]));
      if (me.role !== 'account') {
        const riskiest = await api<{ accounts: AccountSummary[] }>('/v1/risk/accounts?limit=4');
        if (this.account === '' && riskiest.accounts[0] !== undefined) {
          location.hash = `#/account/${encodeURIComponent(riskiest.accounts[0].account)}`;
          return;
        }
        // The scan picks who is riskiest; each chip then shows that account's live figures (the
        // same computation as the tiles), so a chip never disagrees with the page beside it.
        this.chipAccounts = riskiest.accounts.map((a) => a.account);
        this.stops.push(every(2_000, () => this.refreshChips(root), () => undefined));
      } else if (this.account === '' && me.account !== null) {
        location.hash = `#/account/${encodeURIComponent(me.account)}`;
        return;
      }
      if (this.account === '') return;
      this.render(root, await api<RiskJson>(`/v1/accounts/${encodeURIComponent(this.account)}`));
      this.fillSymbols(root);
      this.stops.push(startHistory(root, this.account));
      this.stops.push(startCompare(root, this.account));
      this.stops.push(startCollateral(root, this.account));
      this.stops.push(startOptions(root, this.account));
      this.stops.push(
        stream.subscribe('account', (message) => {
          if (message['risk'] !== null && message['risk'] !== undefined) {
            this.render(root, message['risk'] as RiskJson);
            if (this.lastWhatIf !== null && !this.whatIfPending) void this.askWhatIf(root, this.lastWhatIf.body, this.lastWhatIf.symbol);
          }
        }, this.account),
      );
    } catch (error) {
      showError(root, error as Error);
      if (error instanceof ApiError && error.problem.status === 404) {
        $(root, '#positions').innerHTML = `<div class="card empty-card">${esc(error.problem.detail)}</div>`;
      }
    }
  }

  private async refreshChips(root: HTMLElement): Promise<void> {
    const live = await Promise.all(
      this.chipAccounts.map(async (id) => {
        const risk = id === this.account && this.risk !== null ? this.risk : await api<RiskJson>(`/v1/accounts/${encodeURIComponent(id)}`).catch(() => null);
        return risk === null ? null : { id, totals: accountTotals(risk) };
      }),
    );
    for (const chip of live) if (chip !== null) this.chipRisk.set(chip.id, chip.totals);
    this.renderChips(root);
  }

  private renderChips(root: HTMLElement): void {
    const chips = this.chipAccounts
      .map((id) => ({ id, t: this.chipRisk.get(id) }))
      .filter((c): c is { id: string; t: Totals } => c.t !== undefined)
      .sort((a, b) => ratioValue(b.t) - ratioValue(a.t));
    $(root, '#riskiest').innerHTML = chips
      .map(({ id, t }) => `<a href="#/account/${encodeURIComponent(id)}" data-account="${esc(id)}">${esc(id)} <span class="chip-ratio ${ratioClass(t.ratio, t.liquidatable)}">${ratioText(t)}</span></a>`)
      .join('');
  }

  private fillSymbols(root: HTMLElement): void {
    const own = new Set([...(this.risk?.positions.map((p) => p.symbol) ?? []), ...optionRows(this.risk).map((o) => o.symbol)]);
    const settle = this.risk?.account.settle ?? this.risk?.positions[0]?.settle ?? null;
    const symbols = [...this.instruments.values()].filter((i) => settle === null || i.settle === settle).map((i) => i.symbol);
    symbols.sort((a, b) => Number(own.has(b)) - Number(own.has(a)) || (a < b ? -1 : 1));
    const select = $(root, '#wi-symbol') as HTMLSelectElement;
    select.innerHTML = symbols.map((s) => `<option value="${esc(s)}">${whatIfLabel(this.instruments.get(s), s, own.has(s))}</option>`).join('');
    const prefill = (): void => {
      const p = this.risk?.positions.find((x) => x.symbol === select.value) ?? optionRows(this.risk).find((x) => x.symbol === select.value);
      const lot = this.instruments.get(select.value)?.lotSize ?? '1';
      ($(root, '#wi-price') as HTMLInputElement).value = p?.markPrice ?? '';
      ($(root, '#wi-size') as HTMLInputElement).value = p === undefined ? lot : trimDecimal(String(Number(p.size) / 2), lot);
    };
    select.onchange = prefill;
    prefill();
  }

  private render(root: HTMLElement, risk: RiskJson): void {
    this.risk = risk;
    const a = risk.account;
    const pool = multiAssetPool(risk);
    const asset = pool?.reference ?? a.settle ?? risk.positions[0]?.settle ?? null;
    const t = accountTotals(risk);
    const isolatedCount = risk.positions.filter((p) => p.margin === 'isolated').length;
    const scope = isolatedCount === 0 ? 'cross pool' : isolatedCount === risk.positions.length ? `${isolatedCount} isolated position${isolatedCount > 1 ? 's' : ''}` : `cross pool + ${isolatedCount} isolated`;
    const isolatedEquity = t.equity - Number(a.equity);
    const upnl = Number(a.unrealizedPnl);
    const equitySub =
      pool !== undefined
        ? `multi-asset pool: collateral ${amount(pool.collateralValue, asset)} after haircuts ${Number(pool.equity) > Number(pool.ownEquity) ? `(own ${amount(pool.ownEquity, asset)} + credit)` : ''}`
        : isolatedCount > 0
        ? `wallet ${amount(a.walletBalance, asset)} + isolated ${amount(isolatedEquity, asset)}`
        : `wallet ${amount(a.walletBalance, asset)} ${upnl < 0 ? '−' : '+'} uPnL ${amount(Math.abs(upnl), asset)}`;
    setTile(root, 'equity', money(t.equity, asset), equitySub);
    setTile(root, 'im', money(t.initialMargin, asset), Number(a.orderMargin) > 0 ? `${scope}; + ${money(a.orderMargin, asset)} for orders` : scope);
    setTile(root, 'mm', money(t.maintenanceMargin, asset), scope);
    setTile(root, 'avail', money(pool?.availableBalance ?? a.availableBalance, asset), pool !== undefined ? 'pool: equity − IM − order margin' : 'cross: equity − IM − order margin');
    setTile(root, 'ratio', ratioText(t), t.liquidatable ? `LIQUIDATABLE: ${t.where}` : `riskiest: ${t.where}; calls at 80 / 90 %`);
    if (this.chipAccounts.includes(this.account)) {
      this.chipRisk.set(this.account, t);
      this.renderChips(root);
    }
    $(root, '#kpi-ratio').className = `kpi ${ratioClass(t.ratio, t.liquidatable)}`;
    this.positionsTable?.set(this.account, risk);
    showPortfolioLink(root, this.account, risk);
    const positions = $(root, '#positions');
    if (risk.positions.length === 0) {
      positions.innerHTML = '<div class="card empty-card">No open positions in this settle asset.</div>';
      return;
    }
    positions.innerHTML = risk.positions.map((p) => this.positionCard(p)).join('');
  }

  private positionCard(p: PositionJson): string {
    const instrument = this.instruments.get(p.symbol);
    const quote = quoteOf(p.symbol);
    const inverse = instrument?.kind.startsWith('inverse') ?? p.settle !== quote;
    const unit = p.settle;
    const cs = instrument?.contractSize ?? '1';
    const sizeText = inverse ? `${p.size} contracts × ${cs} ${quote}` : `${p.size} ${p.symbol.replace(quote, '')}`;
    const notionalFormula = inverse ? `size × contract size ÷ mark = ${p.size} × ${cs} ÷ ${price(p.markPrice)}` : `size × mark = ${p.size} × ${price(p.markPrice)}`;
    const pnlFormula = inverse
      ? `size × contract size × (1 ÷ entry − 1 ÷ mark)${p.side === 'short' ? ' × −1' : ''}`
      : `(mark − entry) × size${p.side === 'short' ? ' × −1' : ''} = (${price(p.markPrice)} − ${price(p.entryPrice)}) × ${p.size}${p.side === 'short' ? ' × −1' : ''}`;
    const tiers = instrument?.tiers ?? [];
    const tierIndex = p.tier - 1;
    const floor = tiers[tierIndex]?.notionalFloor;
    const nextFloor = tiers[tierIndex + 1]?.notionalFloor;
    const why =
      floor === undefined
        ? `tier ${p.tier}`
        : `notional ${money(p.notional, unit)} is at least the tier ${p.tier} floor ${money(floor, unit)}${nextFloor === undefined ? ' (the last tier)' : ` and below the tier ${p.tier + 1} floor ${money(nextFloor, unit)}`}`;
    const maxLev = tiers[tierIndex]?.maxLeverage;
    const leverageNote = p.leverageCapped ? ` (capped to the tier's max leverage ${maxLev ?? p.leverage}×)` : '';
    const isolated = p.margin === 'isolated';
    const tierRows = tiers
      .map((t, i) => `<tr class="${i === tierIndex ? 'chosen' : ''}"><td>${i + 1}</td><td>${money(t.notionalFloor, unit)}</td><td>${percent(t.maintenanceRate ?? null, 2)}</td><td>${t.maxLeverage}×</td></tr>`)
      .join('');
    const closeFee = Number(p.closeFee) > 0 ? ` + fee to close ${money(p.closeFee, unit)}` : '';
    return `<article class="card position ${isolated ? 'isolated' : ''}">
      <div class="card-head"><h2><span class="side ${p.side}">${esc(p.side)}</span> ${esc(p.symbol)} <span class="tag">${esc(p.margin)}</span> <span class="tag">${inverse ? 'inverse' : 'linear'}</span></h2>
        <span class="muted">${isolated ? `isolated margin ratio <b class="${ratioClass(p.marginRatio ?? null, p.liquidatable === true)}">${percent(p.marginRatio ?? null)}</b>` : 'shares the cross pool'}</span></div>
      <div class="explain">
        <dl>
          <dt>Position</dt><dd>${esc(sizeText)} at entry ${symbolPrice(p.symbol, p.entryPrice)}; mark ${symbolPrice(p.symbol, p.markPrice)}</dd>
          <dt>Notional</dt><dd><b>${money(p.notional, unit)}</b> <span class="formula">= ${esc(notionalFormula)}</span></dd>
          <dt>Tier</dt><dd><b>${p.tier}</b>: ${why}. Maintenance rate ${percent(p.maintenanceRate, 2)}, maintenance amount ${money(p.maintenanceAmount, unit)}.</dd>
          <dt>Initial margin</dt><dd><b>${money(p.initialMargin, unit)}</b> <span class="formula">= notional ÷ leverage = ${amount(p.notional, unit)} ÷ ${p.leverage}${esc(leverageNote)}</span></dd>
          <dt>Maintenance margin</dt><dd><b>${money(p.maintenanceMargin, unit)}</b> <span class="formula">= notional × rate − amount = ${amount(p.notional, unit)} × ${percent(p.maintenanceRate, 2)} − ${amount(p.maintenanceAmount, unit)}${esc(closeFee)}</span></dd>
          <dt>Unrealised PnL</dt><dd><b class="${Number(p.unrealizedPnl) < 0 ? 'neg' : 'pos'}">${money(p.unrealizedPnl, unit, true)}</b> <span class="formula">= ${esc(pnlFormula)}</span></dd>
          ${isolated ? `<dt>Isolated margin</dt><dd>balance ${money(p.isolatedBalance ?? null, unit)}, equity ${money(p.isolatedEquity ?? null, unit)} (balance + uPnL)</dd>` : ''}
          <dt>Liquidation price</dt><dd><b>${symbolPrice(p.symbol, p.liquidationPrice)}</b> <span class="formula">the mark at which ${isolated ? 'the position\'s' : 'the cross pool\'s'} equity falls to its maintenance margin${isolated ? '' : ' (other positions held at their marks)'}</span></dd>
          <dt>Bankruptcy price</dt><dd><b>${symbolPrice(p.symbol, p.bankruptcyPrice)}</b> <span class="formula">the mark at which that equity reaches zero</span></dd>
        </dl>
        <table class="tiers num-table"><thead><tr><th>Tier</th><th>Notional from</th><th>Maint. rate</th><th>Max lev.</th></tr></thead><tbody>${tierRows || '<tr><td colspan="4">tier table unknown to the server</td></tr>'}</tbody></table>
      </div>
    </article>`;
  }

  private async whatIf(root: HTMLElement): Promise<void> {
    const symbol = ($(root, '#wi-symbol') as HTMLSelectElement).value;
    const side = ($(root, '#wi-side') as HTMLSelectElement).value;
    const size = ($(root, '#wi-size') as HTMLInputElement).value.trim();
    const orderPrice = ($(root, '#wi-price') as HTMLInputElement).value.trim();
    const mark = ($(root, '#wi-mark') as HTMLInputElement).value.trim();
    const positionSide = ($(root, '#wi-position-side') as HTMLSelectElement).value;
    const reduceOnly = ($(root, '#wi-reduce-only') as HTMLInputElement).checked;
    const body: Record<string, unknown> = {};
    if (size !== '') {
      body['order'] = { symbol, side, size, price: orderPrice, ...(positionSide === '' ? {} : { positionSide }), ...(reduceOnly ? { reduceOnly } : {}) };
    }
    if (mark !== '') body['prices'] = { [symbol]: mark };
    this.lastWhatIf = null;
    await this.askWhatIf(root, body, symbol);
  }

  /**
   * Asks the engine and shows the answer. The tiles are drawn from the answer's "before" (the
   * committed state the preview ran on), so "Now" and the live figures beside it are one state.
   */
  private async askWhatIf(root: HTMLElement, body: Record<string, unknown>, symbol: string): Promise<void> {
    // The newest question wins: an answer to an older one (a live re-ask) is dropped.
    const token = ++this.whatIfToken;
    this.whatIfPending = true;
    const out = $(root, '#whatif-result');
    try {
      const result = await api<WhatIfResult>(`/v1/accounts/${encodeURIComponent(this.account)}/what-if`, { method: 'POST', body });
      if (token !== this.whatIfToken) return;
      this.render(root, result.before);
      out.innerHTML = renderWhatIf(result, symbol, isOptionInstrument(this.instruments.get(symbol)));
      this.lastWhatIf = { body, symbol };
    } catch (error) {
      if (token !== this.whatIfToken) return;
      const problem = error instanceof ApiError ? error.problem : null;
      out.innerHTML = `<p class="problem">${esc(problem?.errors?.map((e) => `${e.path}: ${e.rule}`).join('; ') ?? (error as Error).message)}</p>`;
      this.lastWhatIf = null;
    } finally {
      if (token === this.whatIfToken) this.whatIfPending = false;
    }
  }
}

function renderWhatIf(r: WhatIfResult, symbol: string, option = false): string {
  const asset = r.after.account.settle ?? r.after.positions[0]?.settle ?? r.before.account.settle ?? null;
  const b = accountTotals(r.before);
  const x = accountTotals(r.after);
  const rows: [string, string | null, string | null, 'money' | 'ratio'][] = [
    ['Equity', String(b.equity), String(x.equity), 'money'],
    ['Initial margin', String(b.initialMargin), String(x.initialMargin), 'money'],
    ['Maintenance margin', String(b.maintenanceMargin), String(x.maintenanceMargin), 'money'],
    ['Available (cross)', r.before.account.availableBalance, r.after.account.availableBalance, 'money'],
    ['Margin ratio (riskiest pool)', b.ratio, x.ratio, 'ratio'],
  ];
  const fmt = (v: string | null, kind: 'money' | 'ratio'): string => (kind === 'money' ? money(v, asset) : percent(v));
  const delta = (a: string | null, b: string | null, kind: 'money' | 'ratio'): string => {
    if (a === null || b === null) return DASH;
    const d = Number(b) - Number(a);
    return kind === 'money' ? money(d, asset, true) : `${d >= 0 ? '+' : ''}${(d * 100).toFixed(2)} pp`;
  };
  const before = r.before.positions.find((p) => p.symbol === symbol);
  const after = r.after.positions.find((p) => p.symbol === symbol);
  const v = r.verdict;
  const verdict = v.accepted
    ? `<p class="ok-line whatif-verdict" data-accepted="true">The engine would accept this. Realised PnL ${money(r.realizedPnl, asset, true)}${r.fee !== undefined && r.fee !== '0' ? `, fee ${money(r.fee, asset)}` : ''}.</p>`
    : `<p class="problem whatif-verdict" data-accepted="false">The engine would reject${v.command !== undefined && v.command !== 'fill' ? ` the ${esc(v.command)} step` : ''}: <code class="reject-code">${esc(v.code ?? '')}</code> ${esc(v.reason ?? '')}. The figures below leave the rejected step out.</p>`;
  return `${verdict}<table class="num-table whatif-table">
      <thead><tr><th>Figure</th><th>Now</th><th>After</th><th>Change</th></tr></thead>
      <tbody>${rows.map(([label, a, b, kind]) => `<tr><td class="text">${label}</td><td>${fmt(a, kind)}</td><td><b>${fmt(b, kind)}</b></td><td>${delta(a, b, kind)}</td></tr>`).join('')}
      ${option ? optionWhatIfRows(r.before, r.after, symbol) : `<tr><td class="text">${esc(symbol)} position</td><td>${before ? `${before.side} ${before.size}` : 'none'}</td><td><b>${after ? `${after.side} ${after.size}` : 'none'}</b></td><td></td></tr>
      <tr><td class="text">${esc(symbol)} liquidation price</td><td>${symbolPrice(symbol, before?.liquidationPrice ?? null)}</td><td><b>${symbolPrice(symbol, after?.liquidationPrice ?? null)}</b></td><td></td></tr>
      <tr><td class="text">${esc(symbol)} bankruptcy price</td><td>${symbolPrice(symbol, before?.bankruptcyPrice ?? null)}</td><td><b>${symbolPrice(symbol, after?.bankruptcyPrice ?? null)}</b></td><td></td></tr>`}
      </tbody></table>
      <p class="muted small">Assumptions: ${r.assumptions.map(esc).join('; ')}.</p>`;
}

interface Totals {
  equity: number;
  initialMargin: number;
  maintenanceMargin: number;
  ratio: string | null;
  liquidatable: boolean;
  where: string;
}

function ratioText(t: Totals): string {
  return t.liquidatable && t.ratio === null ? 'equity ≤ 0' : percent(t.ratio);
}

function ratioValue(t: Totals): number {
  return t.ratio === null ? (t.liquidatable ? Infinity : -1) : Number(t.ratio);
}

/** The whole account: cross pool plus every isolated position, and its riskiest pool's ratio. */
/** An account in multi-asset mode: the pool the engine margins (`multiAsset` of its risk JSON). */
function multiAssetPool(risk: RiskJson): MultiAssetAccountJson | undefined {
  return (risk as RiskJson & { multiAsset?: { account: MultiAssetAccountJson } }).multiAsset?.account;
}

function accountTotals(risk: RiskJson): Totals {
  // Multi-asset mode: the engine margins the whole pool (no isolated positions there), not this asset's part.
  const pool = multiAssetPool(risk);
  if (pool !== undefined) {
    return {
      equity: Number(pool.equity),
      initialMargin: Number(pool.initialMargin),
      maintenanceMargin: Number(pool.maintenanceMargin),
      ratio: pool.marginRatio,
      liquidatable: pool.liquidatable,
      where: `multi-asset pool (${pool.reference})`,
    };
  }
  const a = risk.account;
  let equity = Number(a.equity);
  let initialMargin = Number(a.initialMargin);
  let maintenanceMargin = Number(a.maintenanceMargin);
  const hasCross = risk.positions.some((p) => p.margin === 'cross');
  let ratio: string | null = hasCross ? a.marginRatio : '0';
  let worst = hasCross ? (a.marginRatio === null ? Infinity : Number(a.marginRatio)) : -1;
  let where = hasCross ? 'cross pool' : 'no positions';
  let liquidatable = hasCross && a.liquidatable;
  for (const p of risk.positions) {
    if (p.margin !== 'isolated') continue;
    equity += Number(p.isolatedEquity ?? '0');
    initialMargin += Number(p.initialMargin);
    maintenanceMargin += Number(p.maintenanceMargin);
    const value = p.marginRatio === null || p.marginRatio === undefined ? Infinity : Number(p.marginRatio);
    if (value > worst) {
      worst = value;
      ratio = p.marginRatio ?? null;
      where = `${p.symbol} ${p.side} isolated`;
    }
    if (p.liquidatable === true) liquidatable = true;
  }
  return { equity, initialMargin, maintenanceMargin, ratio, liquidatable, where };
}

function tile(id: string, title: string, sub: string): string {
  return `<div class="kpi" id="kpi-${id}"><div class="kpi-title">${title}</div><div class="kpi-value">—</div><div class="kpi-sub">${sub}</div></div>`;
}

function setTile(root: HTMLElement, id: string, value: string, sub: string): void {
  const t = $(root, `#kpi-${id}`);
  $(t, '.kpi-value').textContent = value;
  $(t, '.kpi-sub').textContent = sub;
}

/** A size rounded down to the lot's decimals, at least one lot. */
function trimDecimal(value: string, lot: string): string {
  const decimals = lot.includes('.') ? lot.length - lot.indexOf('.') - 1 : 0;
  const n = Math.max(Number(lot), Math.floor(Number(value) * 10 ** decimals) / 10 ** decimals);
  return n.toFixed(decimals);
}
