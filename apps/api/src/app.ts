import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import {
  type ApiDependencies,
  appRouter,
  type CookieOptions,
  createContextFactory,
  createPushPings,
  createRateLimiter,
  errorBody,
  type ResponseControl,
  retryAfterHeaderOf,
  routeRateRule,
  trpcErrorResponseBody,
} from "@pingpilot/api";
import { redactUrl } from "@pingpilot/logger";
import { metricsHandler } from "@pingpilot/metrics";
import { TRPCError } from "@trpc/server";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import compression from "compression";
import cors from "cors";
import express, { type Express } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import { markMount, recordHttpMetrics } from "./http-metrics.ts";
import { jsonBody } from "./json-body.ts";
import { publicRateLimit } from "./public-rate-limit.ts";
import { pushRoutes } from "./push-routes.ts";
import { requestInfoOf } from "./request-info.ts";
import { requestLogLevel } from "./request-log-level.ts";
import { requireDatabase } from "./require-database.ts";
import { docsRoutes } from "./rest/docs-routes.ts";
import { buildOpenApiDocument } from "./rest/openapi-document.ts";
import { restRoutes } from "./rest/rest-routes.ts";
import { causeOf, noteServerError, sendError } from "./send-error.ts";

const requestIdPattern = /^[A-Za-z0-9._-]{1,100}$/;

/** Keeps a caller's `x-request-id` when it is sane, so one id follows a request across services. */
function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers["x-request-id"];
  return typeof incoming === "string" && requestIdPattern.test(incoming) ? incoming : randomUUID();
}

function expressCookieOptions(options: CookieOptions): express.CookieOptions {
  return {
    httpOnly: options.httpOnly,
    secure: options.secure,
    sameSite: options.sameSite,
    path: options.path,
    ...(options.maxAgeSeconds === undefined ? {} : { maxAge: options.maxAgeSeconds * 1000 }),
  };
}

/** Lets procedures set and clear cookies on the Express response. */
function responseControl(res: express.Response): ResponseControl {
  return {
    setCookie: (name, value, options) => {
      res.cookie(name, value, expressCookieOptions(options));
    },
    clearCookie: (name, options) => {
      res.clearCookie(name, expressCookieOptions({ ...options, maxAgeSeconds: undefined }));
    },
  };
}

/** Builds the HTTP app without listening, so tests can start it on an ephemeral port. */
export function createApp(deps: ApiDependencies): Express {
  const { config, db, logger, metrics } = deps;
  const createContext = createContextFactory(deps);
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.api.trustProxy);

  // When each request arrived, for its log line's level (a slow success is not quiet).
  const arrivedAt = new WeakMap<IncomingMessage, number>();
  const quietSuccess = config.env === "development";
  // Which process answered: tells PM2 cluster workers apart when debugging. A pid reveals nothing more.
  app.use((req, res, next) => {
    arrivedAt.set(req, performance.now());
    res.setHeader("x-served-by", String(process.pid));
    next();
  });
  if (metrics) app.use(recordHttpMetrics(metrics));
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = requestIdOf(req);
        res.setHeader("x-request-id", id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" || req.url === "/metrics" },
      // The one line per request is where a 500's cause is logged (see noteServerError).
      customLogLevel: (req, res, error) => {
        const started = arrivedAt.get(req);
        const elapsedMs = started === undefined ? undefined : performance.now() - started;
        return requestLogLevel(res.statusCode, Boolean(error), elapsedMs, quietSuccess);
      },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  // Over plain http (development), HSTS and upgrade-insecure-requests would only make browsers try https
  // that is not there; /docs calls the API itself, so connect-src is this origin.
  const overHttps = config.api.publicUrl.startsWith("https:");
  app.use(
    helmet({
      strictTransportSecurity: overHttps,
      contentSecurityPolicy: {
        directives: { "connect-src": ["'self'"], "upgrade-insecure-requests": overHttps ? [] : null },
      },
    }),
  );
  app.use(compression());
  app.use(
    cors({
      origin: config.api.corsOrigins.length > 0 ? config.api.corsOrigins : false,
      credentials: true,
      maxAge: 600,
    }),
  );

  /** Liveness: the process is up and serving. Never touches the database. */
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  /**
   * Readiness: the database answers a ping; load balancers stop routing here when it does not. The ping is
   * bounded (DATABASE_PING_TIMEOUT_MS), so a stalled database gets a 503, not a hung probe.
   */
  app.get("/readyz", async (req, res) => {
    try {
      const latencyMs = await db.ping();
      res.json({ status: "ready", database: { status: "up", latencyMs: Math.round(latencyMs * 100) / 100 } });
    } catch (error) {
      req.log.warn({ err: error }, "readiness check failed");
      res.status(503).json({ status: "unavailable", database: { status: "down" } });
    }
  });

  if (metrics && config.metrics.servedOnApiPort) {
    const serveMetrics = metricsHandler(metrics, { token: config.metrics.token });
    /** Prometheus scrape of this process; needs METRICS_TOKEN as a bearer token when one is set. */
    app.get("/metrics", (req, res) => serveMetrics(req, res));
  }

  app.use(
    "/trpc",
    markMount,
    jsonBody(config.api.bodyLimit),
    createExpressMiddleware({
      router: appRouter,
      maxBodySize: undefined,
      createContext: ({ req, res }) => createContext(requestInfoOf(req, { withCookies: true }), responseControl(res)),
      // Internal errors are logged once, in the request's log line; the client sees only "Internal server error".
      onError: ({ error, req }) => {
        if (error.code === "INTERNAL_SERVER_ERROR" && req.res) noteServerError(req.res, causeOf(error));
      },
      // Answers carry tokens and per-user data: never cached. Rate limits and a database outage get Retry-After.
      responseMeta: ({ errors }) => {
        const retryAfter = errors.map(retryAfterHeaderOf).find((seconds) => seconds !== undefined);
        return {
          headers: {
            "cache-control": "no-store",
            ...(retryAfter === undefined ? {} : { "retry-after": String(retryAfter) }),
          },
        };
      },
    }),
  );

  // The body parser's refusals on /trpc (not JSON, malformed, too large, too deep) answer in tRPC's own envelope.
  app.use("/trpc", (error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!(error instanceof TRPCError)) return next(error);
    res.status(getHTTPStatusCodeFromError(error)).set("cache-control", "no-store").json(trpcErrorResponseBody(error));
  });

  /** Heartbeat pings from cron jobs: no login, the token is the secret (see docs/monitors-api.md). */
  app.use("/push", markMount, requireDatabase(db), pushRoutes(createPushPings(deps)));

  /**
   * The monitors API as REST for non-TypeScript callers, its OpenAPI document and a docs page. Each request
   * counts against the client IP's public limit; REST calls also count as reads/writes of the signed-in user.
   */
  const limitPublic = publicRateLimit(createRateLimiter(db, deps.clock), routeRateRule(config.rateLimits, "public"));
  app.use("/api/v1", markMount, requireDatabase(db), limitPublic, restRoutes(createContext, config.api.bodyLimit));
  const openApi = buildOpenApiDocument(deps.version);
  app.get("/openapi.json", requireDatabase(db), limitPublic, (_req, res) => {
    res.json(openApi);
  });
  app.use("/docs", markMount, requireDatabase(db), limitPublic, docsRoutes());

  app.use((_req, res) => {
    res.status(404).json(errorBody(404, "No such route"));
  });

  // Express 5 sends async errors here: the documented JSON shape, never a stack trace (see sendError).
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    sendError(res, error);
  });

  return app;
}
