import type { Types } from "@pingpilot/db";
import type { RequestContext } from "../service-context.ts";

export type SecurityEventType =
  | "refresh_token_reuse"
  | "password_reset"
  | "password_changed"
  | "user_disabled"
  | "user_enabled"
  | "role_changed";

/** Records a security event with the request's IP and user agent. */
export async function recordSecurityEvent(
  ctx: RequestContext,
  event: {
    type: SecurityEventType;
    userId: Types.ObjectId | string;
    sessionId?: Types.ObjectId | string;
    actorId?: string;
  },
): Promise<void> {
  await ctx.db.models.SecurityEvent.create({
    userId: event.userId,
    type: event.type,
    sessionId: event.sessionId ?? null,
    actorId: event.actorId ?? null,
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent?.slice(0, 512) ?? null,
    createdAt: ctx.clock.now(),
  });
  ctx.logger.warn({ securityEvent: event.type, userId: String(event.userId) }, "security event");
}
