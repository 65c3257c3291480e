import type { Logger } from "@pingpilot/logger";
import mongoose, { type Connection } from "mongoose";
import { type Models, registerModels } from "./models/index.ts";
import { type PoolStats, trackPool } from "./track-pool.ts";

export interface DatabaseOptions {
  uri: string;
  /** Overrides the database named in the URI (tests use one database per file). */
  dbName?: string;
  poolSize?: number;
  serverSelectionTimeoutMs?: number;
  socketTimeoutMs?: number;
}

export interface Database {
  connection: Connection;
  models: Models;
  /** Round-trip time of a `ping` in milliseconds; throws when the server does not answer. */
  ping(): Promise<number>;
  /** Creates every index the models declare (additive: never drops an index). */
  ensureIndexes(): Promise<void>;
  /** Connections of the driver's pool in use and idle right now (for metrics). */
  poolStats(): PoolStats;
  close(): Promise<void>;
}

/** Hides credentials before a URI is logged. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, "//[redacted]@");
}

export async function connectDatabase(options: DatabaseOptions, logger: Logger): Promise<Database> {
  const log = logger.child({ component: "db" });
  const connection = mongoose.createConnection(options.uri, {
    ...(options.dbName ? { dbName: options.dbName } : {}),
    maxPoolSize: options.poolSize ?? 20,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10_000,
    socketTimeoutMS: options.socketTimeoutMs ?? 45_000,
    // Indexes are created once at start-up by ensureIndexes(), not lazily per model.
    autoIndex: false,
    autoCreate: true,
  });
  // Mongoose creates the driver client synchronously, so the pool counters see every connection.
  const poolStats = trackPool(connection.getClient());
  let closing = false;
  connection.on("disconnected", () => {
    if (!closing) log.warn("database disconnected");
  });
  connection.on("reconnected", () => log.info("database reconnected"));
  connection.on("error", (error: unknown) => log.error({ err: error }, "database error"));

  await connection.asPromise();
  log.info({ uri: redactUri(options.uri), db: connection.name }, "database connected");
  const models = registerModels(connection);

  return {
    connection,
    models,
    poolStats,
    async ping() {
      const started = performance.now();
      const db = connection.db;
      if (!db) throw new Error("database is not connected");
      await db.admin().ping();
      return performance.now() - started;
    },
    async ensureIndexes() {
      for (const model of Object.values(models)) {
        await model.createCollection().catch((error: unknown) => {
          // 48 = NamespaceExists: the collection is already there, which is what we want.
          if ((error as { code?: number }).code !== 48) throw error;
        });
        await model.createIndexes();
      }
      log.debug({ models: Object.keys(models).length }, "indexes ensured");
    },
    async close() {
      closing = true;
      await connection.close();
      log.info("database connection closed");
    },
  };
}
