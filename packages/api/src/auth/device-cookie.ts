import { authCookie } from "./auth-cookie.ts";

/**
 * The browser's device token (see device-tokens.ts), SameSite=Strict: it only matters to `auth.login`,
 * which a browser calls from the app itself, so no cross-site request ever needs to carry it.
 */
const deviceCookie = authCookie("pp_device", "strict");

export const readDeviceCookie = deviceCookie.read;
export const setDeviceCookie = deviceCookie.set;
