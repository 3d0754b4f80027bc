/**
 * The decimal text of a mark price, formatted once per mark: every liquidation, fill and ADL close
 * of a cascade prints the same mark of its symbol, so the last mark formatted is kept with its
 * text (a pure function of the value: the text is the one `formatFixed` gives).
 */
import { formatFixed, type Fixed } from '@margin/core';

let lastMark: Fixed | null = null;
let lastText = '';

export function markText(mark: Fixed): string {
  if (mark !== lastMark) {
    lastText = formatFixed(mark);
    lastMark = mark;
  }
  return lastText;
}
