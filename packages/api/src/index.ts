export {
  type AuthContext,
  type Context,
  type CookieOptions,
  createContext,
  createContextFactory,
  type RequestInfo,
  type ResponseControl,
} from "./context.ts";
export type { ApiDependencies } from "./dependencies.ts";
export {
  type ErrorBody,
  errorBody,
  errorCodeForStatus,
  type FieldErrors,
  type HttpErrorAnswer,
  httpErrorAnswerOf,
} from "./error-body.ts";
export { domainErrorOf, retryAfterHeaderOf, retryAfterSecondsOf } from "./errors.ts";
export {
  cleanPushMessage,
  createPushPings,
  type HandlePushPing,
  type PushOutcome,
  type PushPing,
  type PushSignal,
  pushMessageMaxLength,
} from "./monitors/push-pings.ts";
export { createRateLimiter, type RateLimiter, type RateLimitRule } from "./rate-limit.ts";
export { type AppRouter, appRouter, createCaller } from "./root.ts";
export { type RouteClass, routeRateRule } from "./route-rate-limits.ts";
export { trpcErrorResponseBody } from "./trpc.ts";
