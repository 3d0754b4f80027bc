/** Text of the market-data reports' numbers: every number in their JSON is a string. */
import { formatFixed, formatUnits } from '../num/decimal.js';
import type { Fixed } from '../num/fixed.js';
import { formatIsoTime } from '../market/funding-schedule.js';

/** Decimal string of a kernel value. */
export const fx = (value: Fixed): string => formatFixed(value);
export const fxOrNull = (value: Fixed | null | undefined): string | null => (value === null || value === undefined ? null : formatFixed(value));
export const unitsText = (units: bigint, decimals: number): string => formatUnits(units, decimals, decimals);
export const iso = (timeMs: number): string => formatIsoTime(timeMs);
export const count = (value: number): string => String(value);
