import { NotFoundError, revokeSessionInputSchema, type SessionInfo } from "@pingpilot/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { describeDevice } from "../auth/describe-device.ts";
import { revokeSessions } from "../auth/sessions.ts";
import { protectedProcedure } from "../trpc.ts";

export const sessionRouter = {
  /** The caller's active sessions (logins), most recently used first. */
  list: protectedProcedure.query(async ({ ctx }): Promise<SessionInfo[]> => {
    const now = ctx.clock.now();
    const sessions = await ctx.db.models.Session.find({
      userId: ctx.auth.userId,
      revokedAt: null,
      expiresAt: { $gt: now },
    })
      .sort({ lastUsedAt: -1 })
      .limit(200)
      .lean();
    return sessions.map((session) => ({
      id: session._id.toHexString(),
      device: describeDevice(session.userAgent),
      userAgent: session.userAgent ?? null,
      ip: session.ip ?? null,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
      expiresAt: session.expiresAt,
      current: session._id.toHexString() === ctx.auth.sessionId,
    }));
  }),

  /** Signs one of the caller's sessions out. Someone else's session is "not found", never revealed. */
  revoke: protectedProcedure.input(revokeSessionInputSchema).mutation(async ({ ctx, input }) => {
    const ended = await revokeSessions(ctx, { userId: ctx.auth.userId, sessionId: input.sessionId }, "revoked");
    if (ended === 0) throw new NotFoundError("Session");
    return { ok: true as const };
  }),
} satisfies TRPCRouterRecord;
