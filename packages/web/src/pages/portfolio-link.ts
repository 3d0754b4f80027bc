/**
 * The links between an account's page and its portfolio page (issue 11): the account page shows
 * "Portfolio margin" when the account's risk report carries a portfolio breakdown (the account is
 * in portfolio margin; the engine decides, the page only reads `portfolio`), and the portfolio
 * page always links back to the account.
 */
import type { RiskJson } from '../api.js';
import { esc } from '../format.js';

/** The slot the account page renders the link into (in its page head). */
export const PORTFOLIO_LINK_SLOT = '<span id="portfolio-link" class="portfolio-link"></span>';

/** Show (or hide) the account page's link to the portfolio page, from the account's risk report. */
export function showPortfolioLink(root: HTMLElement, account: string, risk: RiskJson): void {
  const slot = root.querySelector<HTMLElement>('#portfolio-link');
  if (slot === null) return;
  const portfolio = (risk as RiskJson & { portfolio?: { model?: string } | null }).portfolio;
  slot.innerHTML =
    portfolio === undefined || portfolio === null
      ? ''
      : `<a id="to-portfolio" href="#/portfolio/${encodeURIComponent(account)}">Portfolio margin${portfolio.model === undefined ? '' : ` (${esc(portfolio.model)})`}: scenario grid →</a>`;
}

/** The portfolio page's link back to the account page. */
export function accountLinkHtml(account: string): string {
  return `<a id="to-account" href="#/account/${encodeURIComponent(account)}">← account ${esc(account)}</a>`;
}
