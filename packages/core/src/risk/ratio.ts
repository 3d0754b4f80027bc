import { div, type Fixed } from '../num/index.js';

/** Margin ratio MM / equity, rounded up; 0 with no requirement; null when equity <= 0 < MM. */
export function marginRatio(maintenanceMargin: Fixed, equity: Fixed): Fixed | null {
  if (maintenanceMargin <= 0n) return 0n;
  if (equity <= 0n) return null;
  return div(maintenanceMargin, equity, 'ceil');
}
