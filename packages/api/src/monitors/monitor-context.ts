import type { AuthContext, Context } from "../context.ts";

/** What monitor procedures use: the shared dependencies and the authenticated owner. */
export type MonitorContext = Pick<Context, "db" | "clock" | "config" | "services" | "logger"> & {
  auth: Pick<AuthContext, "userId">;
};
