import type { Connection } from "mongoose";
import { apiKeyModel } from "./api-key.ts";
import { checkResultModel } from "./check-result.ts";
import { dailySummaryModel } from "./daily-summary.ts";
import { incidentModel } from "./incident.ts";
import { jobLockModel } from "./job-lock.ts";
import { jobRunModel } from "./job-run.ts";
import { monitorModel } from "./monitor.ts";
import { monitorClaimModel } from "./monitor-claim.ts";
import { monitorEventModel } from "./monitor-event.ts";
import { notificationChannelModel } from "./notification-channel.ts";
import { notificationClaimModel } from "./notification-claim.ts";
import { notificationDeliveryModel } from "./notification-delivery.ts";
import { passwordResetModel } from "./password-reset.ts";
import { rateLimitModel } from "./rate-limit.ts";
import { refreshTokenModel } from "./refresh-token.ts";
import { reportModel } from "./report.ts";
import { securityEventModel } from "./security-event.ts";
import { sessionModel } from "./session.ts";
import { userModel } from "./user.ts";

export type { ApiKey } from "./api-key.ts";
export type { CheckResultDocument } from "./check-result.ts";
export {
  type DailySummaryDelta,
  type DailySummaryDocument,
  type DailySummaryKey,
  dailySummaryId,
  dailySummaryWriteOps,
} from "./daily-summary.ts";
export { type IncidentDocument, openIncidentKey, resolvedIncidentKey } from "./incident.ts";
export type { JobLock } from "./job-lock.ts";
export type { JobRun } from "./job-run.ts";
export { dueMonitorFilter, freeLease, type MonitorDocument, monitorStateOf, newPushToken } from "./monitor.ts";
export { type MonitorClaimDocument, monitorClaimId } from "./monitor-claim.ts";
export type { MonitorEventDocument } from "./monitor-event.ts";
export type { NotificationChannelDocument } from "./notification-channel.ts";
export { type NotificationClaimDocument, notificationClaimId } from "./notification-claim.ts";
export type { NotificationDeliveryDocument } from "./notification-delivery.ts";
export type { PasswordReset } from "./password-reset.ts";
export type { RateLimit } from "./rate-limit.ts";
export type { RefreshToken } from "./refresh-token.ts";
export { type ReportDocument, reportId } from "./report.ts";
export type { SecurityEvent } from "./security-event.ts";
export type { Session } from "./session.ts";
export type { User } from "./user.ts";

/** Registers every collection's model on one connection. */
export function registerModels(connection: Connection) {
  return {
    JobLock: jobLockModel(connection),
    JobRun: jobRunModel(connection),
    User: userModel(connection),
    Session: sessionModel(connection),
    RefreshToken: refreshTokenModel(connection),
    ApiKey: apiKeyModel(connection),
    PasswordReset: passwordResetModel(connection),
    SecurityEvent: securityEventModel(connection),
    RateLimit: rateLimitModel(connection),
    Monitor: monitorModel(connection),
    CheckResult: checkResultModel(connection),
    Incident: incidentModel(connection),
    DailySummary: dailySummaryModel(connection),
    MonitorEvent: monitorEventModel(connection),
    MonitorClaim: monitorClaimModel(connection),
    NotificationChannel: notificationChannelModel(connection),
    NotificationDelivery: notificationDeliveryModel(connection),
    NotificationClaim: notificationClaimModel(connection),
    Report: reportModel(connection),
  };
}

export type Models = ReturnType<typeof registerModels>;
