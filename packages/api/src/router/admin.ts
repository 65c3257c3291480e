import { Types } from "@pingpilot/db";
import {
  type AdminUserInfo,
  adminListUsersInputSchema,
  adminSetRoleInputSchema,
  adminUserInputSchema,
  InvalidInputError,
  NotFoundError,
} from "@pingpilot/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { recordSecurityEvent } from "../auth/security-events.ts";
import { revokeSessions } from "../auth/sessions.ts";
import { toAdminUserInfo } from "../auth/user-views.ts";
import type { ServiceContext } from "../service-context.ts";
import { adminProcedure } from "../trpc.ts";

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Admins act on others; changing their own role or locking themselves out is refused. */
function notSelf(ctx: { auth: { userId: string } }, userId: string, what: string): void {
  if (ctx.auth.userId === userId) throw new InvalidInputError(`You cannot ${what} yourself`, "userId");
}

async function updateUser(ctx: ServiceContext, userId: string, set: Record<string, unknown>): Promise<AdminUserInfo> {
  const user = await ctx.db.models.User.findOneAndUpdate(
    { _id: userId, deletingAt: null },
    { $set: { ...set, updatedAt: ctx.clock.now() } },
    { returnDocument: "after", lean: true },
  );
  if (!user) throw new NotFoundError("User");
  return toAdminUserInfo(user);
}

export const adminRouter = {
  /** Users in creation order, a page at a time: pass the answer's `nextCursor` for the next page. */
  listUsers: adminProcedure.input(adminListUsersInputSchema).query(async ({ ctx, input }) => {
    const filter: Record<string, unknown> = { deletingAt: null };
    if (input.cursor) filter._id = { $gt: new Types.ObjectId(input.cursor) };
    if (input.emailPrefix) filter.email = { $regex: `^${escapeRegExp(input.emailPrefix)}` };
    const users = await ctx.db.models.User.find(filter)
      .sort({ _id: 1 })
      .limit(input.limit + 1)
      .lean();
    const page = users.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: page.map(toAdminUserInfo),
      nextCursor: users.length > input.limit && last ? last._id.toHexString() : null,
    };
  }),

  setRole: adminProcedure.input(adminSetRoleInputSchema).mutation(async ({ ctx, input }) => {
    notSelf(ctx, input.userId, "change the role of");
    const user = await updateUser(ctx, input.userId, { role: input.role });
    await recordSecurityEvent(ctx, { type: "role_changed", userId: input.userId, actorId: ctx.auth.userId });
    return user;
  }),

  /** Locks a user out at once: every request re-reads the user, and all their sessions end. */
  disableUser: adminProcedure.input(adminUserInputSchema).mutation(async ({ ctx, input }) => {
    notSelf(ctx, input.userId, "disable");
    const user = await updateUser(ctx, input.userId, { disabledAt: ctx.clock.now() });
    await revokeSessions(ctx, { userId: input.userId }, "user_disabled");
    await recordSecurityEvent(ctx, { type: "user_disabled", userId: input.userId, actorId: ctx.auth.userId });
    return user;
  }),

  /** Lets a disabled user log in again (their old sessions stay ended; API keys work again). */
  enableUser: adminProcedure.input(adminUserInputSchema).mutation(async ({ ctx, input }) => {
    const user = await updateUser(ctx, input.userId, { disabledAt: null });
    await recordSecurityEvent(ctx, { type: "user_enabled", userId: input.userId, actorId: ctx.auth.userId });
    return user;
  }),
} satisfies TRPCRouterRecord;
