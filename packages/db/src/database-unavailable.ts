import { DatabaseUnavailableError } from "@pingpilot/domain";
import mongoose from "mongoose";

const { mongo } = mongoose;

/** Driver errors that say "the server cannot be reached", not "the server refused this operation". */
function isUnreachable(error: unknown): boolean {
  return (
    error instanceof mongo.MongoServerSelectionError ||
    error instanceof mongoose.Error.MongooseServerSelectionError ||
    // Includes timeouts and pools cleared under a running operation (PoolClearedError extends it).
    error instanceof mongo.MongoNetworkError ||
    error instanceof mongo.MongoNotConnectedError ||
    error instanceof mongo.MongoTopologyClosedError ||
    error instanceof mongo.MongoClientClosedError ||
    error instanceof mongo.MongoOperationTimeoutError ||
    error instanceof DatabaseUnavailableError
  );
}

/**
 * The one place a driver's "cannot reach the server" becomes the domain's {@link DatabaseUnavailableError}
 * (the API edge answers it with 503 and Retry-After). Follows `cause` a few levels, since our own code
 * and Mongoose sometimes wrap. Anything else is not a reachability problem: undefined.
 */
export function databaseUnavailableFrom(error: unknown): DatabaseUnavailableError | undefined {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current instanceof DatabaseUnavailableError) return current;
    if (isUnreachable(current)) return new DatabaseUnavailableError({ cause: current });
    current = current.cause;
  }
  return undefined;
}
