export {
  type ApiDependencies,
  type AuthContext,
  type Context,
  type CookieOptions,
  createContext,
  createContextFactory,
  type RequestInfo,
  type ResponseControl,
} from "./context.ts";
export { retryAfterSecondsOf } from "./errors.ts";
export { createRateLimiter, type RateLimiter, type RateLimitRule } from "./rate-limit.ts";
export { type AppRouter, appRouter, createCaller } from "./root.ts";
