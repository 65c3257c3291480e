import type { CookieOptions } from "../context.ts";
import type { RequestContext } from "../service-context.ts";

/**
 * Browsers keep the refresh token in an httpOnly cookie scripts on the page cannot read, sent only to
 * `/trpc` and, with SameSite=Lax, never on cross-site POSTs (so no other site can refresh or log out).
 * With `Secure` the name carries the `__Secure-` prefix, which browsers only accept over https.
 */
function cookieOf(ctx: RequestContext): { name: string; options: CookieOptions } {
  const secure = ctx.config.auth.refresh.cookieSecure;
  return {
    name: secure ? "__Secure-pp_refresh" : "pp_refresh",
    options: { httpOnly: true, secure, sameSite: "lax", path: "/trpc" },
  };
}

export function readRefreshCookie(ctx: RequestContext): string | undefined {
  const value = ctx.request.cookies[cookieOf(ctx).name];
  return value ? value : undefined;
}

export function setRefreshCookie(ctx: RequestContext, refreshToken: string, expiresAt: Date): void {
  const { name, options } = cookieOf(ctx);
  const maxAgeSeconds = Math.max(0, Math.floor((expiresAt.getTime() - ctx.clock.now().getTime()) / 1000));
  ctx.response.setCookie(name, refreshToken, { ...options, maxAgeSeconds });
}

export function clearRefreshCookie(ctx: RequestContext): void {
  const { name, options } = cookieOf(ctx);
  ctx.response.clearCookie(name, options);
}
