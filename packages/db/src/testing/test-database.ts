import { randomBytes } from "node:crypto";
import type { Logger } from "@pingpilot/logger";
import { createCaptureLogger } from "@pingpilot/logger/testing";
import { inject } from "vitest";
import { connectDatabase, type Database } from "../connect-database.ts";
import { workerCaptureStream } from "./test-capture.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test run's database server, provided by global-setup.ts. */
    mongoUri: string;
  }
}

/**
 * A logger for tests: silent on the terminal unless TEST_LOG_LEVEL asks for more, and always captured
 * down to debug for the run's secret scan (test-capture.ts).
 */
export function testLogger(): Logger {
  return createCaptureLogger({ terminalLevel: process.env.TEST_LOG_LEVEL ?? "silent", capture: workerCaptureStream() });
}

export interface TestDatabase extends Database {
  uri: string;
  dbName: string;
  /** Drops the database and closes the connection. */
  drop(): Promise<void>;
}

/** A fresh database of its own on the run's server, so test files never touch each other. */
export async function createTestDatabase(logger: Logger = testLogger()): Promise<TestDatabase> {
  const uri = inject("mongoUri");
  const dbName = `test_${randomBytes(6).toString("hex")}`;
  const db = await connectDatabase({ uri, dbName, poolSize: 10 }, logger);
  await db.ensureIndexes();
  return {
    ...db,
    uri,
    dbName,
    async drop() {
      await db.connection.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
}
