import { DatabaseUnavailableError } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import mongoose, { type Connection } from "mongoose";
import { databaseUnavailableFrom } from "./database-unavailable.ts";
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

/** The longest a `ping()` waits for its answer: /readyz must answer a load balancer, not hang with a stalled server. */
export const DATABASE_PING_TIMEOUT_MS = 2_000;

/**
 * How often the driver checks the server, and how long one check (and a new connection) may take. A check that
 * times out marks the server unknown and interrupts the operations running on its pool, so with a stalled server
 * no database call waits longer than about their sum (instead of the 45 s socket timeout).
 */
const HEARTBEAT_FREQUENCY_MS = 1_000;
const CONNECT_TIMEOUT_MS = 2_000;

export interface Database {
  connection: Connection;
  models: Models;
  /**
   * Round-trip time of a `ping` in milliseconds; throws {@link DatabaseUnavailableError} when the server does not
   * answer within `timeoutMs` (default {@link DATABASE_PING_TIMEOUT_MS}), or at once when it is known unreachable.
   */
  ping(timeoutMs?: number): Promise<number>;
  /**
   * False from the moment the driver's monitoring finds no server to read from (a failed heartbeat) until one
   * answers again: callers fail fast instead of each waiting out server selection.
   */
  isReachable(): boolean;
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
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 2_000,
    socketTimeoutMS: options.socketTimeoutMs ?? 45_000,
    heartbeatFrequencyMS: HEARTBEAT_FREQUENCY_MS,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    // Indexes are created once at start-up by ensureIndexes(), not lazily per model.
    autoIndex: false,
    autoCreate: true,
  });
  // Mongoose creates the driver client synchronously, so the pool counters see every connection.
  const poolStats = trackPool(connection.getClient());
  let reachable = true;
  connection.getClient().on("topologyDescriptionChanged", (event) => {
    const now = event.newDescription.hasDataBearingServers;
    if (now === reachable) return;
    reachable = now;
    if (now) log.info("database reachable again");
    else log.warn("database unreachable: calls fail fast until it answers");
  });
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
    isReachable: () => reachable,
    async ping(timeoutMs = DATABASE_PING_TIMEOUT_MS) {
      const db = connection.db;
      if (!db) throw new Error("database is not connected");
      if (!reachable) throw new DatabaseUnavailableError();
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new DatabaseUnavailableError()), timeoutMs);
      });
      try {
        await Promise.race([db.admin().ping(), timedOut]);
      } catch (error) {
        throw databaseUnavailableFrom(error) ?? error;
      } finally {
        clearTimeout(timer);
      }
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
