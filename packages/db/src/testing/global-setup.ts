import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@pingpilot/logger";
import type { TestProject } from "vitest/node";
import { type EmbeddedChoice, startEmbeddedDatabase } from "../embedded-database.ts";
import { scanCapturedSecrets } from "./scan-captured-secrets.ts";
// Brings in the `ProvidedContext` declarations for `mongoUri` and `testCaptureDir`.
import type {} from "./test-capture.ts";
import type {} from "./test-database.ts";

/**
 * Vitest global setup: one real MongoDB-protocol server for the whole test run
 * (`MONGODB_URI` wins; otherwise an embedded server, PINGPILOT_EMBEDDED_DB forces which), and a capture
 * directory for the run's log lines and minted secrets: teardown fails the run if a log line holds one.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logger = createLogger({ level: "info", pretty: false, name: "test-db" });
  const captureDir = await mkdtemp(join(tmpdir(), "pingpilot-test-capture-"));
  project.provide("testCaptureDir", captureDir);
  const scan = async () => {
    const leaks = await scanCapturedSecrets(captureDir);
    if (leaks.length === 0) {
      await rm(captureDir, { recursive: true, force: true });
      return;
    }
    // The captured files stay for inspection; the message names the kind of secret, never the secret.
    // Vitest only prints an error thrown at teardown; the exit code is what fails CI.
    process.exitCode = 1;
    const where = leaks.map((leak) => `  ${leak.kind} in ${leak.file}:${leak.line}`).join("\n");
    throw new Error(`secret scan: ${leaks.length} captured log line(s) hold a secret a test used:\n${where}`);
  };

  const external = process.env.MONGODB_URI;
  if (external) {
    logger.info({ server: "MONGODB_URI" }, "tests use the server at MONGODB_URI");
    project.provide("mongoUri", external);
    return scan;
  }
  const embedded = await startEmbeddedDatabase({
    choice: (process.env.PINGPILOT_EMBEDDED_DB as EmbeddedChoice | undefined) ?? "auto",
    ...(process.env.FERRETDB_BIN ? { ferretdbBin: process.env.FERRETDB_BIN } : {}),
    logger,
  });
  project.provide("mongoUri", embedded.uri);
  return async () => {
    await embedded.stop();
    await scan();
  };
}
