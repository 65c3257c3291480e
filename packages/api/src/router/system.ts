import type { Health } from "@pingpilot/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { probeProcedure } from "../trpc.ts";

export const systemRouter = {
  /** Liveness plus database reachability, for dashboards and smoke tests. */
  health: probeProcedure.query(async ({ ctx }): Promise<Health> => {
    let latencyMs: number | null = null;
    try {
      latencyMs = Math.round((await ctx.db.ping()) * 100) / 100;
    } catch (error) {
      ctx.logger.warn({ err: error }, "database ping failed");
    }
    return {
      status: latencyMs === null ? "degraded" : "ok",
      version: ctx.version,
      uptimeSeconds: Math.round((ctx.clock.now().getTime() - ctx.startedAt.getTime()) / 1000),
      database: { status: latencyMs === null ? "down" : "up", latencyMs },
    };
  }),
} satisfies TRPCRouterRecord;
