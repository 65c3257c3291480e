import { type Context, createCaller, type RequestInfo, type ResponseControl } from "@pingpilot/api";
import { DomainError, InvalidInputError, RateLimitedError } from "@pingpilot/domain";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import express, { type Request, type Response, type Router } from "express";
import { ZodError, z } from "zod";
import { type RestOperation, restOperations } from "./rest-operations.ts";

type CreateContext = (request: RequestInfo, response: ResponseControl) => Context;

/** REST calls never set cookies (no auth procedures are exposed here). */
const noCookies: ResponseControl = { setCookie: () => undefined, clearCookie: () => undefined };

function baseTypeOf(schema: z.ZodType): string {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) {
    current = current.unwrap() as z.ZodType;
  }
  return current._zod.def.type;
}

/** Query strings are text: numbers and dates are converted by the schema's field types; validation follows. */
export function queryInput(schema: z.ZodObject | undefined, query: Request["query"]): Record<string, unknown> {
  if (!schema) return {};
  const input: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const raw = query[key];
    if (key === "id" || typeof raw !== "string") continue;
    const type = baseTypeOf(field as z.ZodType);
    input[key] = type === "number" ? Number(raw) : type === "date" ? new Date(raw) : raw;
  }
  return input;
}

/** The same error shape the tRPC endpoint gives (code, message, field errors), with the HTTP status. */
export function sendRestError(res: Response, error: unknown, log: Request["log"]): void {
  const trpcError = error instanceof TRPCError ? error : undefined;
  const cause = trpcError?.cause;
  const domain = cause instanceof DomainError ? cause : error instanceof DomainError ? error : undefined;
  const status = trpcError ? getHTTPStatusCodeFromError(trpcError) : 500;
  if (status >= 500) {
    log.error({ err: error }, "REST call failed");
    res.status(500).json({ error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" } });
    return;
  }
  const fieldErrors =
    cause instanceof ZodError
      ? z.flattenError(cause).fieldErrors
      : domain instanceof InvalidInputError && domain.field
        ? { [domain.field]: [domain.message] }
        : undefined;
  if (domain instanceof RateLimitedError) res.set("retry-after", String(domain.retryAfterSeconds));
  res.status(status).json({
    error: {
      code: trpcError?.code ?? "BAD_REQUEST",
      message: cause instanceof ZodError ? "Invalid input" : (trpcError?.message ?? "Bad request"),
      ...(fieldErrors ? { fieldErrors } : {}),
    },
  });
}

function handler(operation: RestOperation, createContext: CreateContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const ctx = createContext(
      {
        ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
        userAgent: req.get("user-agent"),
        headers: req.headers,
        requestId: String(req.id),
        cookies: {},
      },
      noCookies,
    );
    try {
      const id = typeof req.params.id === "string" ? req.params.id : "";
      const result = await operation.call(createCaller(ctx), {
        id,
        query: queryInput(operation.query, req.query),
        body: req.body,
      });
      res.status(operation.status).set("cache-control", "no-store").json(result);
    } catch (error) {
      sendRestError(res, error, req.log);
    }
  };
}

/**
 * `/api/v1`: the monitors API as plain JSON over HTTP for non-TypeScript callers, described by
 * /openapi.json. Authenticate with `Authorization: Bearer <access token>` or `x-api-key: <key>`.
 */
export function restRoutes(createContext: CreateContext, bodyLimit: string): Router {
  const router = express.Router();
  router.use(express.json({ limit: bodyLimit }));
  for (const operation of restOperations) {
    const path = operation.path.replace(/\{(\w+)\}/g, ":$1");
    router[operation.method](path, handler(operation, createContext));
  }
  return router;
}
