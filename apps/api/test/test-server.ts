import { type Config, loadConfig } from "@pingpilot/config";
import { createTestDatabase, type TestDatabase, testLogger } from "@pingpilot/db/testing";
import { type Clock, systemClock } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import { createMetrics, type Metrics } from "@pingpilot/metrics";
import { type RunningServer, startServer } from "../src/server.ts";

export interface TestApi {
  url: string;
  db: TestDatabase;
  config: Config;
  server: RunningServer;
  metrics: Metrics;
  stop(): Promise<void>;
}

/**
 * The real API on an ephemeral loopback port, on a fresh database of its own, or on `db` (a second API
 * process sharing another one's database; stopping it leaves the database alone). `logger` lets a test
 * read the log lines (see log-capture.ts).
 */
export async function startTestApi(
  options: { env?: Record<string, string>; clock?: Clock; db?: TestDatabase; logger?: Logger } = {},
): Promise<TestApi> {
  const db = options.db ?? (await createTestDatabase());
  const config = loadConfig({ NODE_ENV: "test", API_PORT: "0", LOG_LEVEL: "silent", ...options.env });
  const metrics = createMetrics();
  metrics.observeDatabasePool(() => db.poolStats());
  const server = await startServer({
    config,
    db,
    logger: options.logger ?? testLogger(),
    clock: options.clock ?? systemClock,
    version: "test",
    startedAt: new Date(),
    metrics,
  });
  return {
    url: server.url,
    db,
    config,
    server,
    metrics,
    async stop() {
      await server.close();
      if (!options.db) await db.drop();
    },
  };
}
