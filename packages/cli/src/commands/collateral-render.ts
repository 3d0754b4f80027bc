/** The table output of `margin risk` for a multi-asset account (core computes, this prints). */
import { type MultiAssetRiskJson } from '@margin/core';
import { groupThousands, renderTable } from '../table.js';

const percent = (ratio: string | null, none: string): string => (ratio === null ? none : `${(Number(ratio) * 100).toFixed(4)} %`);

export function renderMultiAssetTable(json: MultiAssetRiskJson): string {
  const a = json.account;
  const ref = (value: string): string => `${groupThousands(value)} ${a.reference}`;
  const lines = [
    `Profile ${json.profile}, collateral snapshot ${json.snapshot}`,
    '',
    `Multi-asset cross account (in ${a.reference})`,
    `  collateral value    ${ref(a.collateralValue)}`,
    `  liabilities         ${ref(a.liabilities)}`,
    `  unrealised PnL      ${ref(a.unrealizedPnl)}`,
    `  own equity          ${ref(a.ownEquity)}`,
  ];
  if (json.credit !== null) {
    const c = json.credit;
    lines.push(
      `  credit line         ${ref(c.limit)} (used ${groupThousands(c.used)}, undrawn ${groupThousands(c.available)}; LTV ${percent(c.loanToValue, '--')}, ${c.status}${c.canDraw ? '' : ', no new draws'})`,
    );
  }
  lines.push(
    `  equity              ${ref(a.equity)}${json.credit === null ? '' : ' (own equity + undrawn credit)'}`,
    `  initial margin      ${ref(a.initialMargin)}`,
    `  maintenance margin  ${ref(a.maintenanceMargin)}`,
    `  margin ratio        ${percent(a.marginRatio, '-- (equity <= 0)')}`,
    `  available balance   ${ref(a.availableBalance)}`,
    `  withdrawable        ${ref(a.withdrawable)} (credit is never withdrawable)`,
    `  liquidatable        ${a.liquidatable ? 'YES' : 'no'}`,
    '',
    'Collateral',
    renderTable(
      [
        { title: 'asset', align: 'left' },
        { title: 'quantity' },
        { title: 'index' },
        { title: 'bid / ask' },
        { title: 'gross value' },
        { title: 'haircut' },
        { title: 'value' },
        { title: 'liability' },
        { title: 'borrow IM / MM' },
      ],
      json.collateral.map((c) => [
        c.asset,
        groupThousands(c.quantity),
        groupThousands(c.indexPrice),
        c.bidPrice === c.askPrice ? '--' : `${c.bidPrice} / ${c.askPrice}`,
        groupThousands(c.grossValue),
        `${(Number(c.haircut) * 100).toString()}%`,
        groupThousands(c.value),
        `${groupThousands(c.liability)}${c.overBorrowLimit ? ' OVER LIMIT' : ''}`,
        c.liability === '0' ? '--' : `${groupThousands(c.borrowInitialMargin)} / ${groupThousands(c.borrowMaintenanceMargin)}`,
      ]),
    ),
    '',
  );
  if (json.positions.length === 0) return `${lines.join('\n')}\nNo positions.\n`;
  const table = renderTable(
    [
      { title: 'symbol', align: 'left' },
      { title: 'side', align: 'left' },
      { title: 'settle', align: 'left' },
      { title: 'size' },
      { title: 'mark' },
      { title: 'uPnL' },
      { title: 'IM' },
      { title: 'MM' },
      { title: 'liq. price' },
      { title: 'bankr. price' },
    ],
    json.positions.map((p) => [
      p.symbol,
      p.side,
      p.margin === 'isolated' ? `${p.settle} (isolated)` : p.settle,
      groupThousands(p.size),
      groupThousands(p.markPrice),
      groupThousands(p.unrealizedPnl),
      groupThousands(p.initialMargin),
      groupThousands(p.maintenanceMargin),
      groupThousands(p.liquidationPrice),
      groupThousands(p.bankruptcyPrice),
    ]),
  );
  return `${lines.join('\n')}\nPositions (PnL and margin in the settle asset; liquidation prices with every other asset, index and mark held)\n${table}\n`;
}
