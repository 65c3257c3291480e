import type { mongo } from "mongoose";

/** Connection counts of this process's MongoDB pool(s). */
export interface PoolStats {
  /** Checked out by an operation right now. */
  inUse: number;
  /** Open and idle, ready for the next operation. */
  available: number;
}

/**
 * Counts pool connections from the driver's connection-pool monitoring events. Attach it before the
 * client connects (the counts are deltas), which `connectDatabase` does.
 */
export function trackPool(client: mongo.MongoClient): () => PoolStats {
  let open = 0;
  let inUse = 0;
  client.on("connectionCreated", () => {
    open += 1;
  });
  client.on("connectionClosed", () => {
    open -= 1;
  });
  client.on("connectionCheckedOut", () => {
    inUse += 1;
  });
  client.on("connectionCheckedIn", () => {
    inUse -= 1;
  });
  return () => ({ inUse, available: Math.max(0, open - inUse) });
}
