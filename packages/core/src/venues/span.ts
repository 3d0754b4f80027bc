/** SPAN (CME Standard Portfolio Analysis of Risk): parameters come from the clearing house's risk parameter files. */
import type { SpanVenue } from './portfolio-venue.js';

export const SPAN: SpanVenue = {
  name: 'span',
  title: 'CME SPAN (risk parameter files: PA2 positional or XML SPN)',
  method: 'span',
  snapshotDate: '2026-11-27',
  defaultAccountClass: 'speculator',
  arrayDefaults: { extremeMultiplier: 3, coverFraction: 0.33, lookaheadYears: 1 / 365 },
  sources: [
    'https://www.cmegroup.com/clearing/risk-management/span-overview.html',
    'https://www.cmegroup.com/clearing/files/span-methodology.pdf',
    'https://cmegroupclientsite.atlassian.net/wiki/spaces/pubsub/pages/457083445/Risk+Parameter+File+Layouts+for+the+Positional+Formats',
    'https://www.cmegroup.com/clearing/margins/spread-calc.html (intra and inter spread examples)',
    'https://cmegroupclientsite.atlassian.net/wiki/spaces/pubspan/pages/46465134/PB+Requirement+Listing (net option value)',
    'cover fraction 0.33: the CBOT treasury spread example (futures arrays at 0.99 x PSR in scenarios 15, 16)',
  ],
  notModelled: [
    'scan tiers (each combined commodity is scanned as one tier; intra tiers are modelled)',
    'intra charge methods P and W (per-month and weighted price risk): flat charge per spread (F) only',
    'super spreads and inter-clearing-house spreads; inter spread tiers',
    'combination margining (types X, Y, Z) and series-to-series intra spreads (type E)',
    'currency conversion between combined commodities (type T): one requirement sums one currency',
  ],
};
