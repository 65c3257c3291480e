import type { Config } from "@pingpilot/config";
import type { Database } from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";

/** What every procedure can reach: built once per process, shared by every request. */
export interface ApiDependencies {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  version: string;
  startedAt: Date;
}

/** Per-request facts the host (Express) passes in. */
export interface RequestInfo {
  ip: string;
  userAgent: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  requestId: string;
}

export interface Context extends ApiDependencies {
  request: RequestInfo;
}

export function createContext(deps: ApiDependencies, request: RequestInfo): Context {
  return { ...deps, request, logger: deps.logger.child({ reqId: request.requestId }) };
}
