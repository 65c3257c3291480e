import type { Connection } from "mongoose";
import { jobLockModel } from "./job-lock.ts";
import { jobRunModel } from "./job-run.ts";

export type { JobLock } from "./job-lock.ts";
export type { JobRun } from "./job-run.ts";

/** Registers every collection's model on one connection. */
export function registerModels(connection: Connection) {
  return {
    JobLock: jobLockModel(connection),
    JobRun: jobRunModel(connection),
  };
}

export type Models = ReturnType<typeof registerModels>;
