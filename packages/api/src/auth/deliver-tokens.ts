import type { AuthResult, TokenDelivery } from "@pingpilot/domain";
import { UnauthorizedError } from "@pingpilot/domain";
import type { RequestContext } from "../service-context.ts";
import { setDeviceCookie } from "./device-cookie.ts";
import { setRefreshCookie } from "./refresh-cookie.ts";
import type { IssuedTokens } from "./sessions.ts";
import { toUserProfile } from "./user-views.ts";

/**
 * The answer to login, register and refresh: the access token in the body, the refresh token (and,
 * after a sign-in, the device token) in httpOnly cookies (browsers) or in the body (scripts that asked
 * for `delivery: "body"`).
 */
export async function deliverTokens(
  ctx: RequestContext,
  issued: IssuedTokens,
  delivery: TokenDelivery,
  device?: { token: string; expiresAt: Date },
): Promise<AuthResult> {
  const user = await ctx.db.models.User.findById(issued.userId).lean();
  if (!user) throw new UnauthorizedError("This account no longer exists");
  if (delivery === "cookie") {
    if (device) setDeviceCookie(ctx, device.token, device.expiresAt);
    setRefreshCookie(ctx, issued.refreshToken, issued.sessionExpiresAt);
  }
  return {
    user: toUserProfile(user),
    accessToken: issued.accessToken,
    accessTokenExpiresAt: issued.accessTokenExpiresAt,
    ...(delivery === "body" ? { refreshToken: issued.refreshToken } : {}),
    ...(delivery === "body" && device ? { deviceToken: device.token } : {}),
    sessionExpiresAt: issued.sessionExpiresAt,
  };
}
