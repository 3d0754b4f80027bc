/** The registry of portfolio-margin venue records: `portfolioVenue(name)` throws on an unknown name, listing the known ones. */
import { InputError, type PathSegment } from '../errors.js';
import { findPortfolioVenue, type PortfolioVenue } from './portfolio-venue.js';
import { SPAN } from './span.js';
import { DERIBIT_PM } from './deribit-pm.js';
import { OKX_PM } from './okx-pm.js';

export const PORTFOLIO_VENUES: readonly PortfolioVenue[] = [SPAN, DERIBIT_PM, OKX_PM];
export const PORTFOLIO_VENUE_NAMES: readonly string[] = PORTFOLIO_VENUES.map((v) => v.name);

export function portfolioVenue(name: string, path: readonly PathSegment[] = ['profile']): PortfolioVenue {
  const found = findPortfolioVenue(PORTFOLIO_VENUES, name);
  if (found === undefined) throw new InputError(path, `unknown portfolio profile "${name}" (known: ${PORTFOLIO_VENUE_NAMES.join(', ')})`);
  return found;
}
