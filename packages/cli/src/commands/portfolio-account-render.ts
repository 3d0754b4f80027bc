/** Text rendering of `margin risk` over several risk units (`units` in the file): the sums, then each unit. */
import type { PortfolioAccountReport } from '@margin/core';
import { groupThousands, renderTable } from '../table.js';

export function renderPortfolioAccount(report: PortfolioAccountReport): string {
  const rows = report.units.map((u) => [u.unit, u.binding, groupThousands(u.mr8), groupThousands(u.maintenance), groupThousands(u.initial)]);
  rows.push(['account', '', groupThousands(report.borrowMaintenance), groupThousands(report.maintenance), groupThousands(report.initial)]);
  const out = [
    `Portfolio margin  ${report.profile}  ${report.units.length} risk units`,
    '',
    renderTable([{ title: 'unit', align: 'left' }, { title: 'binding', align: 'left' }, { title: 'MR8 borrowing' }, { title: 'maintenance' }, { title: 'initial' }], rows),
    'Each unit is margined alone (margin risk of that unit); the account is their sum. --json for every unit\'s grid and explanation.',
  ];
  return `${out.join('\n')}\n`;
}
