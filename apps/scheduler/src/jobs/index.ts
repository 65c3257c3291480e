import type { JobDefinition } from "../job.ts";
import { pruneAuthRecords } from "./prune-auth-records.ts";
import { pruneJobRuns } from "./prune-job-runs.ts";
import { purgeDeletedUsers } from "./purge-deleted-users.ts";

/** Every job this scheduler runs. */
export const allJobs: JobDefinition[] = [pruneJobRuns, purgeDeletedUsers, pruneAuthRecords];
