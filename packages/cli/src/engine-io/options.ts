/** Integer command-line options, refused with the option's name like any other bad input. */
import { InputError } from '@margin/core';

export function parseCount(text: string, option: string, min: number): number {
  if (!/^\d+$/.test(text)) throw new InputError([option], `must be a whole number, got "${text}"`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new InputError([option], `must be at least ${min}, got "${text}"`);
  return value;
}
