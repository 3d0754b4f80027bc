/**
 * Order-book ladders for `book` commands (`{ type: 'book', symbol, ...BOOK, time }`): price and size
 * pairs as decimal strings, bids from the best down, asks from the best up.
 */
export type LevelJson = readonly [price: string, size: string];

export interface BookJson {
  readonly bids: readonly LevelJson[];
  readonly asks: readonly LevelJson[];
}

/**
 * A thin book over a long whose bankruptcy price is 9,800 (Bybit example, 1 BTC long at 10,000 on
 * 1,000 USDT): 0.8 BTC of bids above 9,800 (0.4 at 9,840, 0.4 at 9,820), the deep bid at 9,790 is
 * beyond it, so the book takes 0.8 and the fund the rest.
 */
export const BOOK_THIN_ABOVE_9800: BookJson = {
  bids: [['9840', '0.4'], ['9820', '0.4'], ['9790', '5']],
  asks: [['9850.5', '1']],
};

/**
 * A thin book over a long whose bankruptcy price is 29,000 (1 BTC long at 30,000 on 1,000 USDT):
 * 0.1 BTC of bids above it (0.05 at 29,100, 0.05 at 29,060), the deep bid at 28,990 beyond it.
 */
export const BOOK_THIN_ABOVE_29000: BookJson = {
  bids: [['29100', '0.05'], ['29060', '0.05'], ['28990', '3']],
  asks: [['29120', '1']],
};

/** One level each side of 30,000 (29,999 / 30,001, 1 BTC each): a valid, uncrossed book on the 0.1 tick. */
export const BOOK_TIGHT_30000: BookJson = {
  bids: [['29999', '1']],
  asks: [['30001', '1']],
};
