import {
  changePasswordInputSchema,
  deleteAccountInputSchema,
  NotFoundError,
  type UserProfile,
  updateProfileInputSchema,
} from "@pingpilot/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { changePassword, deleteAccount } from "../auth/accounts.ts";
import { clearRefreshCookie } from "../auth/refresh-cookie.ts";
import { toUserProfile } from "../auth/user-views.ts";
import { protectedProcedure } from "../trpc.ts";

export const userRouter = {
  /** Name, time zone (IANA, for summaries and reports) and the email alerts go to. */
  updateProfile: protectedProcedure
    .input(updateProfileInputSchema)
    .mutation(async ({ ctx, input }): Promise<UserProfile> => {
      const changes: Record<string, unknown> = { updatedAt: ctx.clock.now() };
      if (input.name !== undefined) changes.name = input.name;
      if (input.timezone !== undefined) changes.timezone = input.timezone;
      if (input.notificationEmail !== undefined) changes.notificationEmail = input.notificationEmail;
      const user = await ctx.db.models.User.findOneAndUpdate(
        { _id: ctx.auth.userId },
        { $set: changes },
        { returnDocument: "after", lean: true },
      );
      if (!user) throw new NotFoundError("User");
      return toUserProfile(user);
    }),

  /** Needs the current password; signs out every other session. */
  changePassword: protectedProcedure.input(changePasswordInputSchema).mutation(async ({ ctx, input }) => {
    return changePassword(ctx, ctx.auth, input);
  }),

  /** Deletes the account and everything it owns; needs the password. */
  deleteAccount: protectedProcedure.input(deleteAccountInputSchema).mutation(async ({ ctx, input }) => {
    await deleteAccount(ctx, ctx.auth.userId, input.password);
    clearRefreshCookie(ctx);
    return { ok: true as const };
  }),
} satisfies TRPCRouterRecord;
