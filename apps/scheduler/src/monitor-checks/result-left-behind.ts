import type { Database, Types } from "@pingpilot/db";
import { type CheckResult, checkResultSchema } from "@pingpilot/domain";
import type { ClaimedMonitor } from "./claim-due-monitors.ts";

export interface ResultLeftBehind {
  resultId: Types.ObjectId;
  result: CheckResult;
}

/**
 * The result an instance that died mid-batch stored for this monitor's due time without finishing
 * its record (monitor state, incident, summary): a result newer than the monitor's last recorded
 * check, while the monitor still waits at that due time. Recording it again under its own `_id`
 * completes the record and stores nothing twice, where checking again would add a second result for
 * one due time. Only the certificate's issuer and subject are not stored with a result, so a
 * certificate is not replayed.
 */
export async function findResultLeftBehind(db: Database, monitor: ClaimedMonitor): Promise<ResultLeftBehind | null> {
  const stored = await db.models.CheckResult.findOne({
    monitorId: monitor._id,
    checkedAt: { $gt: monitor.lastCheckedAt ?? new Date(0) },
  })
    .sort({ checkedAt: -1 })
    .lean();
  if (!stored) return null;
  const parsed = checkResultSchema.safeParse({
    status: stored.status,
    responseTimeMs: stored.responseTimeMs ?? null,
    httpStatus: stored.httpStatus ?? null,
    reason: stored.reason,
    errorCode: stored.errorCode ?? null,
    certificate: null,
    checkedAt: stored.checkedAt,
  });
  return parsed.success ? { resultId: stored._id, result: parsed.data } : null;
}
