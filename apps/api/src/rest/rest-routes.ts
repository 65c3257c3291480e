import { type Context, createCaller, type RequestInfo, type ResponseControl } from "@pingpilot/api";
import express, { type Request, type Response, type Router } from "express";
import { z } from "zod";
import { jsonBody } from "../json-body.ts";
import { requestInfoOf } from "../request-info.ts";
import { sendError } from "../send-error.ts";
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

function handler(operation: RestOperation, createContext: CreateContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const ctx = createContext(requestInfoOf(req, { withCookies: false }), noCookies);
    try {
      const id = typeof req.params.id === "string" ? req.params.id : "";
      const result = await operation.call(createCaller(ctx), {
        id,
        query: queryInput(operation.query, req.query),
        body: req.body,
      });
      res.status(operation.status).set("cache-control", "no-store").json(result);
    } catch (error) {
      // The same error shape and status → code mapping as every other route.
      sendError(res, error);
    }
  };
}

/**
 * `/api/v1`: the monitors API as plain JSON over HTTP for non-TypeScript callers, described by
 * /openapi.json. Authenticate with `Authorization: Bearer <access token>` or `x-api-key: <key>`.
 */
export function restRoutes(createContext: CreateContext, bodyLimit: string): Router {
  const router = express.Router();
  router.use(jsonBody(bodyLimit));
  for (const operation of restOperations) {
    const path = operation.path.replace(/\{(\w+)\}/g, ":$1");
    router[operation.method](path, handler(operation, createContext));
  }
  return router;
}
