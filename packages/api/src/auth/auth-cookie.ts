import type { CookieOptions } from "../context.ts";
import type { RequestContext } from "../service-context.ts";

/**
 * One of the auth cookies: httpOnly, sent only to `/trpc`, Secure (and so named with the `__Secure-`
 * prefix, which browsers only accept over https) whenever the refresh cookie is configured Secure.
 */
export interface AuthCookie {
  read(ctx: RequestContext): string | undefined;
  /** Sets it to expire with what it carries. */
  set(ctx: RequestContext, value: string, expiresAt: Date): void;
  clear(ctx: RequestContext): void;
}

export function authCookie(baseName: string, sameSite: CookieOptions["sameSite"]): AuthCookie {
  function cookieOf(ctx: RequestContext): { name: string; options: CookieOptions } {
    const secure = ctx.config.auth.refresh.cookieSecure;
    return {
      name: secure ? `__Secure-${baseName}` : baseName,
      options: { httpOnly: true, secure, sameSite, path: "/trpc" },
    };
  }
  return {
    read(ctx) {
      const value = ctx.request.cookies[cookieOf(ctx).name];
      return value ? value : undefined;
    },
    set(ctx, value, expiresAt) {
      const { name, options } = cookieOf(ctx);
      const maxAgeSeconds = Math.max(0, Math.floor((expiresAt.getTime() - ctx.clock.now().getTime()) / 1000));
      ctx.response.setCookie(name, value, { ...options, maxAgeSeconds });
    },
    clear(ctx) {
      const { name, options } = cookieOf(ctx);
      ctx.response.clearCookie(name, options);
    },
  };
}
