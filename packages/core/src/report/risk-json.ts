/**
 * The `margin risk --json` shape: every number a decimal string, rounded against the account to
 * the profile's report precision (requirements up, credits down, ratios up).
 */
import { formatFixed, roundDecimals, type Fixed, type Rounding } from '../num/index.js';
import type { PositionRisk, RiskReport } from '../risk/types.js';

export interface AccountJson {
  equity: string;
  initialMargin: string;
  maintenanceMargin: string;
  marginRatio: string | null;
  availableBalance: string;
  liquidatable: boolean;
  settle: string | null;
  walletBalance: string;
  unrealizedPnl: string;
  orderMargin: string;
}

export interface PositionJson {
  symbol: string;
  side: string;
  margin: string;
  notional: string;
  unrealizedPnl: string;
  initialMargin: string;
  maintenanceMargin: string;
  liquidationPrice: string | null;
  bankruptcyPrice: string | null;
  size: string;
  entryPrice: string;
  markPrice: string;
  settle: string;
  tier: number;
  maintenanceRate: string;
  maintenanceAmount: string;
  leverage: string;
  leverageCapped: boolean;
  closeFee: string;
  isolatedBalance?: string;
  isolatedEquity?: string;
  marginRatio?: string | null;
  liquidatable?: boolean;
}

export interface RiskJson {
  profile: string;
  account: AccountJson;
  positions: PositionJson[];
}

export function reportFormatter(report: RiskReport) {
  const { moneyDecimals, ratioDecimals } = report.profile;
  const money = (value: Fixed, rounding: Rounding): string => formatFixed(roundDecimals(value, moneyDecimals, rounding));
  const ratio = (value: Fixed | null): string | null =>
    value === null ? null : formatFixed(roundDecimals(value, ratioDecimals, 'ceil'));
  const price = (value: Fixed | null): string | null => (value === null ? null : formatFixed(value));
  return { money, ratio, price };
}

export function positionJson(position: PositionRisk, f: ReturnType<typeof reportFormatter>): PositionJson {
  const json: PositionJson = {
    symbol: position.spec.symbol,
    side: position.spec.side,
    margin: position.spec.margin,
    notional: f.money(position.notional, 'ceil'),
    unrealizedPnl: f.money(position.unrealizedPnl, 'floor'),
    initialMargin: f.money(position.initialMargin, 'ceil'),
    maintenanceMargin: f.money(position.maintenanceMargin, 'ceil'),
    liquidationPrice: f.price(position.liquidationPrice),
    bankruptcyPrice: f.price(position.bankruptcyPrice),
    size: formatFixed(position.spec.size),
    entryPrice: formatFixed(position.spec.entryPrice),
    markPrice: formatFixed(position.markPrice),
    settle: position.instrument.settle,
    tier: position.tierIndex + 1,
    maintenanceRate: formatFixed(position.maintenanceRate),
    maintenanceAmount: formatFixed(position.maintenanceAmount),
    leverage: formatFixed(position.leverage),
    leverageCapped: position.leverageCapped,
    closeFee: f.money(position.closeFee, 'ceil'),
  };
  if (position.isolated !== null) {
    json.isolatedBalance = formatFixed(position.isolated.balance);
    json.isolatedEquity = f.money(position.isolated.equity, 'floor');
    json.marginRatio = f.ratio(position.isolated.marginRatio);
    json.liquidatable = position.isolated.liquidatable;
  }
  return json;
}

export function riskReportToJson(report: RiskReport): RiskJson {
  const f = reportFormatter(report);
  const a = report.account;
  return {
    profile: report.profile.name,
    account: {
      equity: f.money(a.equity, 'floor'),
      initialMargin: f.money(a.initialMargin, 'ceil'),
      maintenanceMargin: f.money(a.maintenanceMargin, 'ceil'),
      marginRatio: f.ratio(a.marginRatio),
      availableBalance: f.money(a.availableBalance, 'floor'),
      liquidatable: a.liquidatable,
      settle: a.settle,
      walletBalance: formatFixed(a.walletBalance),
      unrealizedPnl: f.money(a.unrealizedPnl, 'floor'),
      orderMargin: formatFixed(a.orderMargin),
    },
    positions: report.positions.map((position) => positionJson(position, f)),
  };
}
