/** What a maintenance window decides about one alert. */
export interface MaintenanceQuery {
  userId: string;
  monitorId: string;
  /** When the event happened. */
  at: Date;
}

/**
 * The maintenance-window hook: events inside a window are recorded but not sent (their deliveries are
 * stored as `suppressed`). The status-page work provides the real windows; until then nothing is.
 */
export interface MaintenanceWindows {
  isSuppressed(query: MaintenanceQuery): Promise<boolean>;
}

export const noMaintenanceWindows: MaintenanceWindows = {
  async isSuppressed() {
    return false;
  },
};

export interface StormRule {
  /** This many incidents of one user opening within the window make a storm. */
  threshold: number;
  windowSeconds: number;
}

/**
 * Whether an incident that opened at `at` is part of a storm: at least `threshold` incidents of the
 * same user (this one included) opened within `windowSeconds` of it, before or after. `openedAt` are
 * the times the user's incidents opened around it.
 */
export function isStorm(at: Date, openedAt: readonly Date[], rule: StormRule): boolean {
  const windowMs = rule.windowSeconds * 1000;
  const near = openedAt.filter((time) => Math.abs(time.getTime() - at.getTime()) <= windowMs).length;
  return near >= rule.threshold;
}
