import {
  type AuthResult,
  DomainError,
  loginInputSchema,
  logoutInputSchema,
  passwordResetConfirmInputSchema,
  passwordResetRequestInputSchema,
  refreshInputSchema,
  registerInputSchema,
  UnauthorizedError,
  type UserProfile,
} from "@pingpilot/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { login, register } from "../auth/accounts.ts";
import { limitAuthAttempt } from "../auth/auth-rate-limits.ts";
import { authenticate } from "../auth/authenticate.ts";
import { deliverTokens } from "../auth/deliver-tokens.ts";
import { confirmPasswordReset, requestPasswordReset } from "../auth/password-reset.ts";
import { clearRefreshCookie, readRefreshCookie } from "../auth/refresh-cookie.ts";
import { refreshSession, revokeSessions, sessionOfRefreshToken } from "../auth/sessions.ts";
import { toUserProfile } from "../auth/user-views.ts";
import type { RequestContext } from "../service-context.ts";
import { protectedProcedure, publicProcedure } from "../trpc.ts";

/** The session of the request's bearer token, if it carries a valid one (logout without a refresh token). */
async function sessionOfAccessToken(ctx: RequestContext) {
  const auth = await authenticate(ctx).catch(() => undefined);
  return auth?.sessionId ? { userId: auth.userId, sessionId: auth.sessionId } : undefined;
}

export const authRouter = {
  /** Creates an account and signs it in. */
  register: publicProcedure.input(registerInputSchema).mutation(async ({ ctx, input }): Promise<AuthResult> => {
    const { tokens, device } = await register(ctx, input);
    return deliverTokens(ctx, tokens, input.delivery, device);
  }),

  /**
   * Signs in. Wrong passwords slow the client down and, past a limit, lock out clients that never
   * signed in to this account before; a client with a device token (cookie, or `deviceToken` from an
   * earlier body login) is counted on its own and still gets in (docs/auth.md, "Brute force").
   */
  login: publicProcedure.input(loginInputSchema).mutation(async ({ ctx, input }): Promise<AuthResult> => {
    const { tokens, device } = await login(ctx, input);
    return deliverTokens(ctx, tokens, input.delivery, device);
  }),

  /**
   * Swaps the refresh token (from the cookie, or from the body for scripts) for a new pair. A token that
   * was already swapped ends its whole session. A token that came from the cookie is always answered
   * with a cookie: a script injected into the page must not be able to read the refresh token out.
   */
  refresh: publicProcedure.input(refreshInputSchema).mutation(async ({ ctx, input }): Promise<AuthResult> => {
    await limitAuthAttempt(ctx, "refresh", { ip: ctx.request.ip });
    const fromBody = input?.refreshToken;
    const token = fromBody ?? readRefreshCookie(ctx);
    if (!token) throw new UnauthorizedError("No refresh token: log in again");
    try {
      const issued = await refreshSession(ctx, token);
      return await deliverTokens(ctx, issued, fromBody ? (input?.delivery ?? "body") : "cookie");
    } catch (error) {
      const refused = error instanceof DomainError && error.code !== "TOO_MANY_REQUESTS";
      if (refused && !fromBody) clearRefreshCookie(ctx);
      throw error;
    }
  }),

  /** Ends the current session (found by refresh token or access token) and clears the cookie. */
  logout: publicProcedure.input(logoutInputSchema).mutation(async ({ ctx, input }) => {
    const token = input?.refreshToken ?? readRefreshCookie(ctx);
    const session = token ? await sessionOfRefreshToken(ctx, token) : await sessionOfAccessToken(ctx);
    if (session) await revokeSessions(ctx, { userId: session.userId, sessionId: session.sessionId }, "logout");
    clearRefreshCookie(ctx);
    return { ok: true as const };
  }),

  /** Ends every session of the user, this one included (API keys stay valid). */
  logoutAll: protectedProcedure.mutation(async ({ ctx }) => {
    const ended = await revokeSessions(ctx, { userId: ctx.auth.userId }, "logout_all");
    clearRefreshCookie(ctx);
    return { sessionsEnded: ended };
  }),

  me: protectedProcedure.query(async ({ ctx }): Promise<UserProfile> => {
    const user = await ctx.db.models.User.findById(ctx.auth.userId).lean();
    if (!user) throw new UnauthorizedError("This account no longer exists");
    return toUserProfile(user);
  }),

  passwordReset: {
    /** Always answers the same, whether or not the email has an account. */
    request: publicProcedure.input(passwordResetRequestInputSchema).mutation(async ({ ctx, input }) => {
      await requestPasswordReset(ctx, input.email);
      return { ok: true as const };
    }),
    /** Sets a new password with the emailed token; ends every session of the account. */
    confirm: publicProcedure.input(passwordResetConfirmInputSchema).mutation(async ({ ctx, input }) => {
      await confirmPasswordReset(ctx, input.token, input.newPassword);
      clearRefreshCookie(ctx);
      return { ok: true as const };
    }),
  },
} satisfies TRPCRouterRecord;
