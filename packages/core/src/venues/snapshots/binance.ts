/**
 * Binance tier snapshots. Amounts ("cum") are re-derived and checked by the recursion when loaded.
 */
import type { TierSnapshot } from '../../profile/profile.js';
import { rows } from '../../profile/tier-snapshot.js';

const API_SNAPSHOT =
  'Binance GET /fapi/v1/leverageBracket as committed in ' +
  'https://github.com/freqtrade/freqtrade/blob/develop/freqtrade/exchange/binance_leverage_tiers.json (Oct 2024); ' +
  'tiers 1-4 reconstructed from the cum values 0, 50, 950, 11,450';

export const BINANCE_USDM_SNAPSHOTS: readonly TierSnapshot[] = [
  {
    symbol: 'BTCUSDT',
    asOf: '2024-10-01',
    source: API_SNAPSHOT,
    tiers: rows(
      ['0', '0.004', '125', '0'],
      ['50000', '0.005', '100', '50'],
      ['600000', '0.0065', '75', '950'],
      ['3000000', '0.01', '50', '11450'],
      ['12000000', '0.02', '25', '131450'],
      ['70000000', '0.025', '20', '481450'],
      ['100000000', '0.05', '10', '2981450'],
      ['230000000', '0.1', '5', '14481450'],
      ['480000000', '0.125', '4', '26481450'],
      ['600000000', '0.15', '3', '41481450'],
      ['800000000', '0.25', '2', '121481450'],
      ['1200000000', '0.5', '1', '421481450'],
    ),
  },
  {
    symbol: 'BTCUSDT@2020',
    asOf: '2020-06-01',
    source:
      'Binance USDT-M FAQ examples (2020 table, https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93): ' +
      'MM(BTCUSDT) = 3,500,032.458 x 2.50% - 16,300; the other brackets reverse-engineered to match the FAQ figures',
    tiers: rows(
      ['0', '0.004', '125', '0'],
      ['50000', '0.005', '100', '50'],
      ['250000', '0.01', '50', '1300'],
      ['1000000', '0.025', '20', '16300'],
      ['10000000', '0.05', '10', '266300'],
      ['20000000', '0.1', '5', '1266300'],
      ['50000000', '0.125', '4', '2516300'],
      ['100000000', '0.15', '3', '5016300'],
      ['200000000', '0.25', '2', '25016300'],
      ['300000000', '0.5', '1', '100016300'],
    ),
  },
  {
    symbol: 'ETHUSDT@2020',
    asOf: '2020-06-01',
    source:
      'Binance USDT-M FAQ examples (2020 table): MM(ETHUSDT) = 4,918,775.081 x 10.00% - 135,365; lower ' +
      'brackets reconstructed so that the recursion reaches 135,365 at the 2,000,000 floor',
    tiers: rows(
      ['0', '0.005', '100', '0'],
      ['10000', '0.0065', '75', '15'],
      ['100000', '0.01', '50', '365'],
      ['500000', '0.02', '25', '5365'],
      ['1000000', '0.05', '10', '35365'],
      ['2000000', '0.1', '5', '135365'],
      ['5000000', '0.125', '4', '260365'],
      ['10000000', '0.15', '3', '510365'],
      ['20000000', '0.25', '2', '2510365'],
      ['50000000', '0.5', '1', '15010365'],
    ),
  },
];

export const BINANCE_COINM_SNAPSHOTS: readonly TierSnapshot[] = [
  {
    symbol: 'BTCUSD_PERP@FAQ',
    asOf: '2021-09-01',
    source:
      'Binance COIN-M FAQ (https://www.binance.com/es/support/faq/ceccfcfb4e3a45e3b48b0b1bb1a8ae46): quoted: ' +
      '"Level 5 = 50 BTC x (5% - 2.5%) + 0.56 BTC = 1.81 BTC" and "300 BTC -> MMR 12.5%, maintenance amount ' +
      '11.81 BTC". Reconstructed (not quoted): the floors 28, 100 and 200 BTC and the 10% level, chosen so ' +
      'that the recursion reproduces exactly the quoted 0.56, 1.81 and 11.81 BTC',
    tiers: rows(
      ['0', '0.005', '125', '0'],
      ['28', '0.025', '20', '0.56'],
      ['50', '0.05', '10', '1.81'],
      ['100', '0.1', '5', '6.81'],
      ['200', '0.125', '4', '11.81'],
    ),
  },
  {
    symbol: 'BTCUSD_210625',
    asOf: '2021-04-05',
    source:
      'Binance announcement "Binance Futures Will Update the Maintenance Margin of BTCUSD Quarterly 0625 and ETHUSD Quarterly 0625" ' +
      '(https://www.binance.com/en/support/announcement/9c6a1766be424fccacd2549db3d61a3f), the published BTCUSD table (notional in BTC), ' +
      'column "Maintenance Margin Ratio (Before Adjustment)", in force until the first adjustment at 2021-04-05 04:00 UTC; max leverage from its ' +
      'leverage column (50x, 30x, 25x, 20x, 10x, 5x, 4x, 3x, 2x, 1x). Its amounts reproduce the COIN-M FAQ\'s quoted 0.56, 1.81 and 11.81 BTC',
    tiers: rows(
      ['0', '0.004', '50'],
      ['10', '0.005', '30'],
      ['20', '0.01', '25'],
      ['30', '0.025', '20'],
      ['50', '0.05', '10'],
      ['100', '0.1', '5'],
      ['200', '0.125', '4'],
      ['400', '0.15', '3'],
      ['1000', '0.25', '2'],
      ['1500', '0.25', '1'],
    ),
  },
  {
    symbol: 'BTCUSD_210625@final',
    asOf: '2021-04-26',
    source:
      'Same announcement (https://www.binance.com/en/support/announcement/9c6a1766be424fccacd2549db3d61a3f), column "Maintenance Margin ' +
      'Ratio (After Final Adjustment)", reached in about 3 weeks from 2021-04-05 (the date here is that estimate)',
    tiers: rows(
      ['0', '0.01', '50'],
      ['10', '0.017', '30'],
      ['20', '0.02', '25'],
      ['30', '0.025', '20'],
      ['50', '0.05', '10'],
      ['100', '0.1', '5'],
      ['200', '0.125', '4'],
      ['400', '0.15', '3'],
      ['1000', '0.25', '2'],
      ['1500', '0.5', '1'],
    ),
  },
];
