import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import {
  type ApiDependencies,
  appRouter,
  type CookieOptions,
  createContextFactory,
  createPushPings,
  createRateLimiter,
  type ResponseControl,
  retryAfterSecondsOf,
  routeRateRule,
} from "@pingpilot/api";
import { metricsHandler } from "@pingpilot/metrics";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import compression from "compression";
import cors from "cors";
import express, { type Express } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import { parseCookieHeader } from "./cookies.ts";
import { markMount, recordHttpMetrics } from "./http-metrics.ts";
import { publicRateLimit } from "./public-rate-limit.ts";
import { pushRoutes } from "./push-routes.ts";
import { docsRoutes } from "./rest/docs-routes.ts";
import { buildOpenApiDocument } from "./rest/openapi-document.ts";
import { restRoutes } from "./rest/rest-routes.ts";

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

  // Which process answered: tells PM2 cluster workers apart when debugging. A pid reveals nothing more.
  app.use((_req, res, next) => {
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
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(helmet());
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

  /** Readiness: the database answers a ping; load balancers stop routing here when it does not. */
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
    express.json({ limit: config.api.bodyLimit }),
    createExpressMiddleware({
      router: appRouter,
      maxBodySize: undefined,
      createContext: ({ req, res }) =>
        createContext(
          {
            ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
            userAgent: req.get("user-agent"),
            headers: req.headers,
            requestId: String(req.id),
            cookies: parseCookieHeader(req.headers.cookie),
          },
          responseControl(res),
        ),
      // Answers carry tokens and per-user data: never cached. Rate-limited calls also get Retry-After.
      responseMeta: ({ errors }) => {
        const retryAfter = errors.map(retryAfterSecondsOf).find((seconds) => seconds !== undefined);
        return {
          headers: {
            "cache-control": "no-store",
            ...(retryAfter === undefined ? {} : { "retry-after": String(retryAfter) }),
          },
        };
      },
    }),
  );

  /** Heartbeat pings from cron jobs: no login, the token is the secret (see docs/monitors-api.md). */
  app.use("/push", markMount, pushRoutes(createPushPings(deps)));

  /**
   * The monitors API as REST for non-TypeScript callers, its OpenAPI document and a docs page. Each request
   * counts against the client IP's public limit; REST calls also count as reads/writes of the signed-in user.
   */
  const limitPublic = publicRateLimit(createRateLimiter(db, deps.clock), routeRateRule(config.rateLimits, "public"));
  app.use("/api/v1", markMount, limitPublic, restRoutes(createContext, config.api.bodyLimit));
  const openApi = buildOpenApiDocument(config.api.publicUrl, deps.version);
  app.get("/openapi.json", limitPublic, (_req, res) => {
    res.json(openApi);
  });
  app.use("/docs", markMount, limitPublic, docsRoutes());

  app.use((_req, res) => {
    res.status(404).json({ error: { code: "NOT_FOUND", message: "No such route" } });
  });

  // Express 5 sends async errors here; answer with JSON and never leak a stack trace.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (error as { status?: number }).status ?? 500;
    if (status >= 500) req.log.error({ err: error }, "request failed");
    const message = status >= 500 ? "Internal server error" : String((error as { message?: string }).message);
    res.status(status).json({ error: { code: status === 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST", message } });
  });

  return app;
}
