import {
  checkNowResultSchema,
  checkResultPageSchema,
  createMonitorInputSchema,
  incidentPageSchema,
  monitorDailySummariesSchema,
  monitorOverviewSchema,
  monitorPageSchema,
  monitorStatsSchema,
  monitorViewSchema,
  updateMonitorInputSchema,
} from "@pingpilot/domain";
import { z } from "zod";
import { type RestOperation, restOperations } from "./rest-operations.ts";

type JsonSchema = Record<string, unknown>;

/** Dates travel as ISO 8601 strings in JSON; zod's own JSON Schema has no representation for them. */
function override(ctx: { zodSchema: z.core.$ZodTypes; jsonSchema: JsonSchema }): void {
  const type = ctx.zodSchema._zod.def.type;
  if (type === "date") {
    ctx.jsonSchema.type = "string";
    ctx.jsonSchema.format = "date-time";
  }
}

function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/** Named schemas under components/schemas, each side (input/output) of a schema from its own registry. */
function components(entries: Array<[string, z.ZodType]>, io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of entries) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    unrepresentable: "any",
    override,
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema as JsonSchema)]));
}

const outputNames = new Map<z.ZodType, string>([
  [monitorViewSchema, "Monitor"],
  [monitorPageSchema, "MonitorPage"],
  [checkResultPageSchema, "CheckResultPage"],
  [incidentPageSchema, "IncidentPage"],
  [monitorStatsSchema, "MonitorStats"],
  [monitorDailySummariesSchema, "MonitorDailySummaries"],
  [monitorOverviewSchema, "MonitorOverview"],
  [checkNowResultSchema, "CheckNowResult"],
]);
const inputNames = new Map<z.ZodType, string>([
  [createMonitorInputSchema, "CreateMonitorInput"],
  [updateMonitorInputSchema, "UpdateMonitorInput"],
]);

function schemaRef(schema: z.ZodType, names: Map<z.ZodType, string>, io: "input" | "output"): JsonSchema {
  const name = names.get(schema);
  if (name) return { $ref: `#/components/schemas/${name}` };
  return withoutDialect(z.toJSONSchema(schema, { io, unrepresentable: "any", override }) as JsonSchema);
}

function parameters(operation: RestOperation): JsonSchema[] {
  const pathParams = operation.path.includes("{id}")
    ? [{ name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[0-9a-f]{24}$" } }]
    : [];
  if (!operation.query) return pathParams;
  const shape = withoutDialect(z.toJSONSchema(operation.query, { io: "input", unrepresentable: "any", override }));
  const properties = (shape.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((shape.required ?? []) as string[]);
  const queryParams = Object.entries(properties)
    .filter(([name]) => name !== "id")
    .map(([name, schema]) => ({
      name,
      in: "query",
      required: required.has(name),
      schema,
      ...(typeof schema.description === "string" ? { description: schema.description } : {}),
    }));
  return [...pathParams, ...queryParams];
}

const errorResponse = {
  description:
    "An error: `code` as in tRPC (BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE, INTERNAL_SERVER_ERROR), field errors for invalid input",
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
};

function operationObject(operation: RestOperation): JsonSchema {
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: ["monitors"],
    parameters: parameters(operation),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: schemaRef(operation.body, inputNames, "input") } },
          },
        }
      : {}),
    responses: {
      [String(operation.status)]: {
        description: "OK",
        content: { "application/json": { schema: schemaRef(operation.output, outputNames, "output") } },
      },
      "400": errorResponse,
      "401": errorResponse,
      "404": errorResponse,
      "429": errorResponse,
      "503": { ...errorResponse, description: "The database is unavailable: try again after Retry-After seconds" },
    },
  };
}

function pushPath(summary: string, description: string, extra: JsonSchema[] = []): Record<string, JsonSchema> {
  const operation = (method: string) => ({
    operationId: `push${summary.replace(/\W/g, "")}${method}`,
    summary,
    description,
    tags: ["push"],
    security: [],
    parameters: [
      { name: "token", in: "path", required: true, schema: { type: "string", pattern: "^[A-Za-z0-9_-]{24}$" } },
      ...extra,
      { name: "msg", in: "query", required: false, schema: { type: "string", maxLength: 200 } },
    ],
    ...(method === "Post"
      ? {
          requestBody: {
            required: false,
            content: { "text/plain": { schema: { type: "string", maxLength: 10_240 } } },
          },
        }
      : {}),
    responses: {
      "200": { description: "Recorded", content: { "text/plain": { schema: { type: "string", example: "OK\n" } } } },
      "404": { description: "No such push URL", content: { "text/plain": { schema: { type: "string" } } } },
      "429": {
        description: "Too many pings (see Retry-After)",
        content: { "text/plain": { schema: { type: "string" } } },
      },
      "503": { ...errorResponse, description: "The database is unavailable: try again after Retry-After seconds" },
    },
  });
  return { get: operation("Get"), post: operation("Post") };
}

/** openapi.json: the REST operations and the push endpoint, from the same zod schemas the API validates with. */
export function buildOpenApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of restOperations) {
    const path = `/api/v1${operation.path}`;
    paths[path] = { ...paths[path], [operation.method]: operationObject(operation) };
  }
  const exitCode = {
    name: "exitCode",
    in: "path",
    required: true,
    schema: { type: "integer", minimum: 0, maximum: 255 },
  };
  paths["/push/{token}"] = pushPath(
    "Ping",
    "The job ran fine: up, and the deadline moves to the next expected ping plus grace.",
  );
  paths["/push/{token}/start"] = pushPath("Start", "A run began; the next ping records its duration.");
  paths["/push/{token}/fail"] = pushPath("Fail", "The job failed: down, and an incident opens at once.");
  paths["/push/{token}/{exitCode}"] = pushPath("ExitCode", "0 = success, 1–255 = failure.", [exitCode]);
  return {
    openapi: "3.1.0",
    info: {
      title: "Ping Pilot API",
      version,
      description:
        "Monitors, their results and statistics, and the heartbeat push endpoint. TypeScript callers should prefer the typed tRPC client (@pingpilot/client); this REST surface is for everything else.",
    },
    // Relative: Swagger UI's "Try it out" then calls the origin /docs was opened at (127.0.0.1 or localhost,
    // behind a proxy or not), which the docs page's CSP (connect-src 'self') allows.
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }, { apiKey: [] }],
    tags: [
      { name: "monitors", description: "The signed-in caller's monitors" },
      { name: "push", description: "Heartbeat pings from cron jobs: no login, the token is the secret" },
    ],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
      },
      schemas: {
        ...components(
          [...outputNames].map(([schema, name]) => [name, schema]),
          "output",
        ),
        ...components(
          [...inputNames].map(([schema, name]) => [name, schema]),
          "input",
        ),
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string" },
                message: { type: "string" },
                fieldErrors: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
              },
            },
          },
        },
      },
    },
  };
}
