export { Schema, Types } from "mongoose";
export { BULK_CHUNK_SIZE, bulkWriteInChunks } from "./bulk-write-in-chunks.ts";
export {
  connectDatabase,
  DATABASE_PING_TIMEOUT_MS,
  type Database,
  type DatabaseOptions,
  redactUri,
} from "./connect-database.ts";
export { databaseUnavailableFrom } from "./database-unavailable.ts";
export { DUPLICATE_KEY, duplicateKeyIndexes, isDuplicateKeyError } from "./duplicate-key-error.ts";
export {
  chooseEmbeddedServer,
  defaultFerretdbBin,
  type EmbeddedChoice,
  type EmbeddedDatabase,
  type SupervisedServer,
  startEmbeddedDatabase,
} from "./embedded-database.ts";
export { insertNew } from "./insert-new.ts";
export * from "./models/index.ts";
export { openDatabase } from "./open-database.ts";
export { type PurgeResult, purgeUser, userOwnedModels } from "./purge-user.ts";
export { rawCollection } from "./raw-collection.ts";
export { detectServerFeatures, enableResultTtl, type ServerFeatures } from "./server-features.ts";
export type { PoolStats } from "./track-pool.ts";
