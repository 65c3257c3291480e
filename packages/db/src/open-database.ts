import type { Logger } from "@pingpilot/logger";
import { connectDatabase, type Database } from "./connect-database.ts";
import { type EmbeddedChoice, startEmbeddedDatabase } from "./embedded-database.ts";

export interface OpenDatabaseConfig {
  uri: string | undefined;
  poolSize: number;
  serverSelectionTimeoutMs: number;
  socketTimeoutMs: number;
  embedded: EmbeddedChoice;
  dataDir: string;
  ferretdbBin: string | undefined;
}

/**
 * What a `main.ts` calls: connects to `MONGODB_URI` when set, otherwise starts the embedded
 * server with data kept in the data directory. Indexes are ensured before it returns.
 * `close()` closes the connection and stops an embedded server.
 */
export async function openDatabase(config: OpenDatabaseConfig, logger: Logger): Promise<Database> {
  const embedded = config.uri
    ? undefined
    : await startEmbeddedDatabase({
        choice: config.embedded,
        dataDir: config.dataDir,
        ...(config.ferretdbBin ? { ferretdbBin: config.ferretdbBin } : {}),
        logger,
      });
  const db = await connectDatabase(
    {
      uri: config.uri ?? (embedded as { uri: string }).uri,
      ...(embedded ? { dbName: "pingpilot" } : {}),
      poolSize: config.poolSize,
      serverSelectionTimeoutMs: config.serverSelectionTimeoutMs,
      socketTimeoutMs: config.socketTimeoutMs,
    },
    logger,
  );
  await db.ensureIndexes();
  return {
    ...db,
    async close() {
      await db.close();
      await embedded?.stop();
    },
  };
}
