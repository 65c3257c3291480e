import type { Logger } from "@pingpilot/logger";
import type { Database } from "./connect-database.ts";
import { ferretdbServerName } from "./ferretdb-server-name.ts";

export interface ServerFeatures {
  /** "MongoDB 8.0.4", "FerretDB v1.24.2 (MongoDB 7.0.77 wire)". */
  server: string;
  ferretdb: boolean;
  /** TTL indexes that the server really enforces (FerretDB 1.x honours them only partly). */
  ttlIndexes: boolean;
}

/** Asks the server what it is, once at start-up, so optional optimisations can be switched on. */
export async function detectServerFeatures(db: Database): Promise<ServerFeatures> {
  const admin = db.connection.db?.admin();
  if (!admin) throw new Error("database is not connected");
  const info = (await admin.command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
  const ferretdb = typeof info.ferretdbVersion === "string";
  return {
    server: ferretdb
      ? `${ferretdbServerName(info.ferretdbVersion)} (MongoDB ${info.version} wire)`
      : `MongoDB ${info.version}`,
    ferretdb,
    ttlIndexes: !ferretdb,
  };
}

/**
 * On a server that enforces TTL indexes, turns the raw results' `checkedAt` index into a TTL index
 * so MongoDB also expires them by itself. The retention job still deletes by date on every server:
 * this is an addition, never the only path.
 */
export async function enableResultTtl(
  db: Database,
  features: ServerFeatures,
  retentionDays: number,
  logger: Logger,
): Promise<boolean> {
  if (!features.ttlIndexes) {
    logger.info({ server: features.server }, "TTL index on check results skipped: server does not enforce TTL");
    return false;
  }
  await db.connection.db?.command({
    collMod: "check_results",
    index: { keyPattern: { checkedAt: 1 }, expireAfterSeconds: retentionDays * 86_400 },
  });
  logger.info({ retentionDays }, "TTL index on check results enabled");
  return true;
}
