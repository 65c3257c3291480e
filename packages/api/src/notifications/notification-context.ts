import type { AuthContext, Context } from "../context.ts";

/** What channel and report procedures use: the shared dependencies and the authenticated owner. */
export type NotificationContext = Pick<Context, "db" | "clock" | "config" | "services" | "logger"> & {
  auth: Pick<AuthContext, "userId">;
};
