import type { JobDefinition } from "../job.ts";
import { dataRetention } from "./data-retention.ts";
import { heartbeatDeadlines } from "./heartbeat-deadlines.ts";
import { notificationOutbox } from "./notification-outbox.ts";
import { notificationReports } from "./notification-reports.ts";
import { pruneAuthRecords } from "./prune-auth-records.ts";
import { pruneJobRuns } from "./prune-job-runs.ts";
import { pruneNotifications } from "./prune-notifications.ts";
import { purgeDeletedUsers } from "./purge-deleted-users.ts";

/** Every job this scheduler runs. */
export const allJobs: JobDefinition[] = [
  heartbeatDeadlines,
  dataRetention,
  pruneJobRuns,
  purgeDeletedUsers,
  pruneAuthRecords,
  notificationOutbox,
  notificationReports,
  pruneNotifications,
];
