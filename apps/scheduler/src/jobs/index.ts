import type { JobDefinition } from "../job.ts";
import { pruneJobRuns } from "./prune-job-runs.ts";

/** Every job this scheduler runs. */
export const allJobs: JobDefinition[] = [pruneJobRuns];
