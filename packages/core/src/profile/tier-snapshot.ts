/** Tier rows as text, the way snapshots and input files carry them. */
export interface TierRowText {
  readonly notionalFloor: string;
  readonly maintenanceRate?: string;
  readonly maintenanceAmount?: string;
  readonly maxLeverage: string;
}

/** Build rows from compact tuples: [floor, maintenanceRate, maxLeverage, maintenanceAmount?]. */
export function rows(
  ...tuples: ReadonlyArray<readonly [string, string, string] | readonly [string, string, string, string]>
): TierRowText[] {
  return tuples.map(([notionalFloor, maintenanceRate, maxLeverage, maintenanceAmount]) =>
    maintenanceAmount === undefined
      ? { notionalFloor, maintenanceRate, maxLeverage }
      : { notionalFloor, maintenanceRate, maxLeverage, maintenanceAmount },
  );
}
