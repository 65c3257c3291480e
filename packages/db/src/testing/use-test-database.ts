import type { Logger } from "@pingpilot/logger";
import { afterAll } from "vitest";
import { createTestDatabase, type TestDatabase, testLogger } from "./test-database.ts";

/**
 * The test file's own database, dropped when the file's tests end. Awaited at the top of a test file,
 * so the file's helpers can close over a `const db` instead of a variable that a hook fills in later.
 */
export async function useTestDatabase(logger: Logger = testLogger()): Promise<TestDatabase> {
  const db = await createTestDatabase(logger);
  afterAll(() => db.drop());
  return db;
}
