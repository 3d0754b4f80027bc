/**
 * `PUT /v1/demo/market` (`margin serve --demo` only): pauses or resumes the demo market, so a
 * person or a test can read figures that hold still and compare them exactly.
 */
import { z } from 'zod';

export const demoMarketRequestSchema = z.strictObject({
  /** true: no demo command is submitted after the answer until it is resumed; false: the market ticks again. */
  paused: z.boolean(),
});
export type DemoMarketRequest = z.output<typeof demoMarketRequestSchema>;

export const demoMarketSchema = z.strictObject({
  paused: z.boolean(),
  /** The journal's last seq when answered: with the market paused, the state's final seq (the risk board has passed over it when a pause is answered). */
  seq: z.number().int(),
});
export type DemoMarket = z.output<typeof demoMarketSchema>;
