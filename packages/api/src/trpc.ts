import { DatabaseUnavailableError, ForbiddenError } from "@pingpilot/domain";
import { initTRPC, type TRPCError } from "@trpc/server";
// tRPC exports no stable way to answer an error raised before it ran; these are what its own handler uses.
import { getErrorShape, transformTRPCResponse } from "@trpc/server/unstable-core-do-not-import";
import superjson from "superjson";
import { authenticate } from "./auth/authenticate.ts";
import type { Context } from "./context.ts";
import { formatTRPCError } from "./error-body.ts";
import { domainErrorOf, toTRPCError } from "./errors.ts";
import { routeRateRule } from "./route-rate-limits.ts";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Stack traces never leave the server, whatever NODE_ENV says.
  isDev: false,
  errorFormatter: formatTRPCError,
});

/**
 * Domain errors thrown anywhere below become the matching TRPCError here, once. Internal errors are left for
 * the host to log (with the request), so each is logged once.
 */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const domain = domainErrorOf(result.error);
    if (domain) throw toTRPCError(domain);
  }
  return result;
});

/** With the database known unreachable, answer 503 at once rather than let the call wait for it. */
const requireDatabase = t.middleware(({ ctx, next }) => {
  if (!ctx.db.isReachable()) throw new DatabaseUnavailableError();
  return next();
});

/** Times every call for /metrics; outside mapDomainErrors, so `code` is the one the caller sees. */
const recordDuration = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  const code = result.ok ? "OK" : result.error.code;
  ctx.metrics?.trpcProcedureDuration.observe({ procedure: path, type, code }, (performance.now() - started) / 1000);
  return result;
});

/**
 * The body tRPC itself answers for `error`, for errors raised before it ran (the JSON body parser on /trpc):
 * one error shape on /trpc, whichever layer refused the request.
 */
export function trpcErrorResponseBody(error: TRPCError): unknown {
  const shape = getErrorShape({
    config: t._config,
    error,
    type: "unknown",
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
  return transformTRPCResponse(t._config, { error: shape });
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;
/** For probes that report the database's state themselves (system.health) instead of failing without it. */
export const probeProcedure = t.procedure.use(recordDuration).use(mapDomainErrors);
export const publicProcedure = probeProcedure.use(requireDatabase);

/**
 * A signed-in caller: a bearer access token or an API key. Puts `ctx.auth` in place; read-only API keys
 * may run queries only. Every call counts against the caller's per-minute limit for reads (queries) or
 * writes (mutations), shared by all API processes (RATE_LIMIT_READS/WRITES_PER_MINUTE).
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, type, next }) => {
  const auth = await authenticate(ctx);
  if (auth.scope === "read" && type !== "query") {
    throw new ForbiddenError("This API key is read-only: it can run queries, not changes");
  }
  const rule = routeRateRule(ctx.config.rateLimits, type === "mutation" ? "writes" : "reads");
  await ctx.services.rateLimiter.consume(rule, auth.userId);
  return next({ ctx: { auth } });
});

/** An administrator (role `admin`, read from the database on each request). */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.auth.role !== "admin") throw new ForbiddenError("Only administrators can do this");
  return next();
});
