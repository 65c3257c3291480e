/** How a scheduler job's run stands: recorded as `running` when it starts, then how it ended. */
export const jobRunStatuses = ["running", "succeeded", "failed"] as const;
export type JobRunStatus = (typeof jobRunStatuses)[number];
