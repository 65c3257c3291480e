import type { createCaller } from "@pingpilot/api";
import {
  checkNowResultSchema,
  checkResultPageSchema,
  createMonitorInputSchema,
  deleteMonitorResultSchema,
  incidentPageSchema,
  listMonitorsInputSchema,
  monitorDailySummariesInputSchema,
  monitorDailySummariesSchema,
  monitorIncidentsInputSchema,
  monitorOverviewSchema,
  monitorPageSchema,
  monitorResultsInputSchema,
  monitorStatsSchema,
  monitorViewSchema,
  updateMonitorInputSchema,
} from "@pingpilot/domain";
import type { z } from "zod";

type Caller = ReturnType<typeof createCaller>;

export interface RestInput {
  /** The `{id}` path parameter, when the path has one. */
  id: string;
  /** Query parameters, converted to the types the schema expects (numbers, dates). */
  query: Record<string, unknown>;
  body: unknown;
}

/**
 * One REST operation: documented in openapi.json from these very schemas, and served by calling the
 * tRPC procedure of the same name through a server-side caller — same validation, ownership checks,
 * rate limits and errors as the typed client gets.
 */
export interface RestOperation {
  operationId: string;
  method: "get" | "post" | "patch" | "delete";
  /** OpenAPI form, relative to /api/v1: `/monitors/{id}`. */
  path: string;
  summary: string;
  description?: string;
  /** Query parameters: the fields of this object schema (`id` excluded: it is in the path). */
  query?: z.ZodObject;
  body?: z.ZodType;
  output: z.ZodType;
  status: 200 | 201;
  call(caller: Caller, input: RestInput): Promise<unknown>;
}

export const restOperations: readonly RestOperation[] = [
  {
    operationId: "listMonitors",
    method: "get",
    path: "/monitors",
    summary: "List monitors",
    description:
      "Newest first or by name; filter by status, type or tag; search by name. Pass `nextCursor` back as `cursor`.",
    query: listMonitorsInputSchema.unwrap(),
    output: monitorPageSchema,
    status: 200,
    call: (caller, { query }) => caller.monitor.list(query as z.input<typeof listMonitorsInputSchema>),
  },
  {
    operationId: "createMonitor",
    method: "post",
    path: "/monitors",
    summary: "Create a monitor",
    description:
      "http, tcp, dns or heartbeat. Targets must pass the address rules (no private, loopback or metadata addresses).",
    body: createMonitorInputSchema,
    output: monitorViewSchema,
    status: 201,
    call: (caller, { body }) => caller.monitor.create(body as z.input<typeof createMonitorInputSchema>),
  },
  {
    operationId: "monitorOverview",
    method: "get",
    path: "/monitors/overview",
    summary: "Dashboard overview",
    description: "Monitors by status, open incidents, the worst uptime of the last 7 days.",
    output: monitorOverviewSchema,
    status: 200,
    call: (caller) => caller.monitor.overview(),
  },
  {
    operationId: "getMonitor",
    method: "get",
    path: "/monitors/{id}",
    summary: "Get a monitor",
    output: monitorViewSchema,
    status: 200,
    call: (caller, { id }) => caller.monitor.get({ id }),
  },
  {
    operationId: "updateMonitor",
    method: "patch",
    path: "/monitors/{id}",
    summary: "Update a monitor",
    description:
      "`type` (the monitor's own) and any fields to change; omitted fields stay, `null` clears nullable ones.",
    body: updateMonitorInputSchema,
    output: monitorViewSchema,
    status: 200,
    call: (caller, { id, body }) =>
      caller.monitor.update({ ...(body as z.input<typeof updateMonitorInputSchema>), id }),
  },
  {
    operationId: "deleteMonitor",
    method: "delete",
    path: "/monitors/{id}",
    summary: "Delete a monitor with its history",
    output: deleteMonitorResultSchema,
    status: 200,
    call: (caller, { id }) => caller.monitor.delete({ id }),
  },
  {
    operationId: "pauseMonitor",
    method: "post",
    path: "/monitors/{id}/pause",
    summary: "Pause a monitor",
    output: monitorViewSchema,
    status: 200,
    call: (caller, { id }) => caller.monitor.pause({ id }),
  },
  {
    operationId: "resumeMonitor",
    method: "post",
    path: "/monitors/{id}/resume",
    summary: "Resume a monitor",
    output: monitorViewSchema,
    status: 200,
    call: (caller, { id }) => caller.monitor.resume({ id }),
  },
  {
    operationId: "checkMonitorNow",
    method: "post",
    path: "/monitors/{id}/check",
    summary: "Check now (asynchronous, rate-limited)",
    description: "The scheduler runs the check within a tick; watch `lastCheckedAt` or the results for it.",
    output: checkNowResultSchema,
    status: 200,
    call: (caller, { id }) => caller.monitor.checkNow({ id }),
  },
  {
    operationId: "monitorResults",
    method: "get",
    path: "/monitors/{id}/results",
    summary: "Check results, newest first",
    query: monitorResultsInputSchema,
    output: checkResultPageSchema,
    status: 200,
    call: (caller, { id, query }) =>
      caller.monitor.results({ ...(query as Omit<z.input<typeof monitorResultsInputSchema>, "id">), id }),
  },
  {
    operationId: "monitorStats",
    method: "get",
    path: "/monitors/{id}/stats",
    summary: "Uptime, latency, incidents and downtime over 24 h, 7, 30 and 90 days",
    output: monitorStatsSchema,
    status: 200,
    call: (caller, { id }) => caller.monitor.stats({ id }),
  },
  {
    operationId: "monitorIncidents",
    method: "get",
    path: "/monitors/{id}/incidents",
    summary: "Incidents, newest first",
    query: monitorIncidentsInputSchema,
    output: incidentPageSchema,
    status: 200,
    call: (caller, { id, query }) =>
      caller.monitor.incidents({ ...(query as Omit<z.input<typeof monitorIncidentsInputSchema>, "id">), id }),
  },
  {
    operationId: "monitorDailySummaries",
    method: "get",
    path: "/monitors/{id}/daily-summaries",
    summary: "One entry per calendar day in the owner's time zone",
    query: monitorDailySummariesInputSchema,
    output: monitorDailySummariesSchema,
    status: 200,
    call: (caller, { id, query }) =>
      caller.monitor.dailySummaries({
        ...(query as Omit<z.input<typeof monitorDailySummariesInputSchema>, "id">),
        id,
      }),
  },
];
