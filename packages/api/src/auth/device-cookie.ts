import type { CookieOptions } from "../context.ts";
import type { RequestContext } from "../service-context.ts";

/**
 * The browser's device token (see device-tokens.ts): httpOnly like the refresh cookie, Secure whenever
 * the refresh cookie is, and SameSite=Strict — it only matters to `auth.login`, which a browser calls
 * from the app itself, so no cross-site request ever needs to carry it.
 */
function cookieOf(ctx: RequestContext): { name: string; options: CookieOptions } {
  const secure = ctx.config.auth.refresh.cookieSecure;
  return {
    name: secure ? "__Secure-pp_device" : "pp_device",
    options: { httpOnly: true, secure, sameSite: "strict", path: "/trpc" },
  };
}

export function readDeviceCookie(ctx: RequestContext): string | undefined {
  const value = ctx.request.cookies[cookieOf(ctx).name];
  return value ? value : undefined;
}

export function setDeviceCookie(ctx: RequestContext, deviceToken: string, expiresAt: Date): void {
  const { name, options } = cookieOf(ctx);
  const maxAgeSeconds = Math.max(0, Math.floor((expiresAt.getTime() - ctx.clock.now().getTime()) / 1000));
  ctx.response.setCookie(name, deviceToken, { ...options, maxAgeSeconds });
}
