import { authCookie } from "./auth-cookie.ts";

/**
 * Browsers keep the refresh token in an httpOnly cookie scripts on the page cannot read, sent only to
 * `/trpc` and, with SameSite=Lax, never on cross-site POSTs (so no other site can refresh or log out).
 */
const refreshCookie = authCookie("pp_refresh", "lax");

export const readRefreshCookie = refreshCookie.read;
export const setRefreshCookie = refreshCookie.set;
export const clearRefreshCookie = refreshCookie.clear;
