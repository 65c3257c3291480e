import { createLogger } from "@pingpilot/logger";
import type { TestProject } from "vitest/node";
import { type EmbeddedChoice, startEmbeddedDatabase } from "../embedded-database.ts";
// Brings in the `ProvidedContext` declaration for `mongoUri`.
import type {} from "./test-database.ts";

/**
 * Vitest global setup: one real MongoDB-protocol server for the whole test run.
 * `MONGODB_URI` wins; otherwise an embedded server (PINGPILOT_EMBEDDED_DB forces which).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logger = createLogger({ level: "info", pretty: false, name: "test-db" });
  const external = process.env.MONGODB_URI;
  if (external) {
    logger.info({ server: "MONGODB_URI" }, "tests use the server at MONGODB_URI");
    project.provide("mongoUri", external);
    return async () => undefined;
  }
  const embedded = await startEmbeddedDatabase({
    choice: (process.env.PINGPILOT_EMBEDDED_DB as EmbeddedChoice | undefined) ?? "auto",
    ...(process.env.FERRETDB_BIN ? { ferretdbBin: process.env.FERRETDB_BIN } : {}),
    logger,
  });
  project.provide("mongoUri", embedded.uri);
  return () => embedded.stop();
}
