import { z } from "zod";
import { InvalidInputError } from "./errors.ts";
import { heartbeatConfigSchema } from "./heartbeat-monitor.ts";
import { type HttpCheckConfig, httpCheckConfigSchema, httpConfigProblems } from "./http-monitor.ts";
import { boundedArray } from "./length-checks-guard.ts";
import { MONITOR_LIMITS } from "./monitor-limits.ts";
import {
  type DnsCheckConfig,
  dnsCheckConfigSchema,
  parseResolverAddress,
  type TcpCheckConfig,
  tcpCheckConfigSchema,
} from "./network-monitors.ts";
import { singleLineText } from "./text-fields.ts";
import { withoutDefaults } from "./without-defaults.ts";

export const monitorTypes = ["http", "tcp", "dns", "heartbeat"] as const;
export type MonitorType = (typeof monitorTypes)[number];

/** What the dashboard shows. `pending` = no verdict yet (new, resumed, or still confirming a first failure). */
export const monitorStatuses = ["pending", "up", "down", "paused", "degraded"] as const;
export const monitorStatusSchema = z.enum(monitorStatuses);
export type MonitorStatus = z.infer<typeof monitorStatusSchema>;

const objectIdString = singleLineText({ max: 24 }).regex(/^[a-f\d]{24}$/i, "must be a 24-character hex id");

function unique<T>(items: readonly T[]): boolean {
  return new Set(items).size === items.length;
}

/** Fields every monitor has, whatever its type. */
export const monitorCommonSchema = z.object({
  name: singleLineText({ max: MONITOR_LIMITS.nameMaxLength, trim: true }).min(1),
  /** How often an active check runs. Heartbeat monitors are passive and ignore it. */
  intervalSeconds: z
    .number()
    .int()
    .min(MONITOR_LIMITS.minIntervalSeconds)
    .max(MONITOR_LIMITS.maxIntervalSeconds)
    .default(60),
  /** Consecutive failed checks needed before an incident opens (1 = the first failure opens it). */
  retriesBeforeIncident: z.number().int().min(1).max(MONITOR_LIMITS.maxThreshold).default(2),
  /** Consecutive successful checks needed before an open incident resolves. */
  successesBeforeResolve: z.number().int().min(1).max(MONITOR_LIMITS.maxThreshold).default(1),
  paused: z.boolean().default(false),
  tags: boundedArray(singleLineText({ max: MONITOR_LIMITS.tagMaxLength, trim: true }).min(1), {
    max: MONITOR_LIMITS.maxTags,
  })
    .refine(unique, "tags must be unique")
    .default([]),
  channelIds: boundedArray(objectIdString, { max: MONITOR_LIMITS.maxChannels })
    .refine(unique, "channels must be unique")
    .default([]),
});

const httpMonitorSchema = monitorCommonSchema.extend(httpCheckConfigSchema.shape);
const tcpMonitorSchema = monitorCommonSchema.extend(tcpCheckConfigSchema.shape);
const dnsMonitorSchema = monitorCommonSchema.extend(dnsCheckConfigSchema.shape);
const heartbeatMonitorSchema = monitorCommonSchema.extend(heartbeatConfigSchema.shape);

/**
 * A monitor's whole user-editable configuration: one discriminated union on `type`, with defaults
 * applied. The owner is not part of it: it comes from the authenticated caller.
 */
export const monitorConfigSchema = z
  .discriminatedUnion("type", [httpMonitorSchema, tcpMonitorSchema, dnsMonitorSchema, heartbeatMonitorSchema])
  .superRefine((config, ctx) => {
    if (config.type === "heartbeat") return;
    // A rule between two fields says nothing useful while either is already wrong on its own: an interval of
    // 5 s would otherwise also blame the default timeout, a field the caller never sent.
    const fieldAlreadyWrong = ctx.issues.some((issue) =>
      ["intervalSeconds", "timeoutMs"].includes(String(issue.path?.[0])),
    );
    if (!fieldAlreadyWrong && config.timeoutMs > config.intervalSeconds * 1000) {
      ctx.addIssue({ code: "custom", path: ["timeoutMs"], message: "must not be longer than the interval" });
    }
    if (config.type === "http") {
      for (const [path, message] of httpConfigProblems(config)) ctx.addIssue({ code: "custom", path: [path], message });
    }
  });

export type MonitorConfig = z.output<typeof monitorConfigSchema>;
export type HttpMonitorConfig = Extract<MonitorConfig, { type: "http" }>;
export type TcpMonitorConfig = Extract<MonitorConfig, { type: "tcp" }>;
export type DnsMonitorConfig = Extract<MonitorConfig, { type: "dns" }>;
export type HeartbeatMonitorConfig = Extract<MonitorConfig, { type: "heartbeat" }>;

/** What the check engine runs: the type-specific part of an active (http, tcp, dns) monitor. */
export type CheckConfig = HttpCheckConfig | TcpCheckConfig | DnsCheckConfig;

export function isActiveMonitor(config: MonitorConfig): config is Exclude<MonitorConfig, { type: "heartbeat" }> {
  return config.type !== "heartbeat";
}

/** `monitor.create` input: the configuration, defaults filled in. */
export const createMonitorInputSchema = monitorConfigSchema;
export type CreateMonitorInput = z.input<typeof createMonitorInputSchema>;

function patchOf<Shape extends z.ZodRawShape & { type: z.ZodType }>(schema: z.ZodObject<Shape>) {
  const { type, ...rest } = schema.shape;
  return z.object(withoutDefaults(rest)).partial().extend({ type });
}

/**
 * `monitor.update` input: `type` (which must match the stored monitor: it cannot change) and any
 * subset of the other fields, without defaults. Nullable fields (keyword, body, expected, resolver)
 * are cleared with `null`. Apply it with {@link mergeMonitorUpdate}.
 */
export const updateMonitorInputSchema = z.discriminatedUnion("type", [
  patchOf(httpMonitorSchema),
  patchOf(tcpMonitorSchema),
  patchOf(dnsMonitorSchema),
  patchOf(heartbeatMonitorSchema),
]);
export type UpdateMonitorInput = z.output<typeof updateMonitorInputSchema>;

/**
 * The configuration after an update: the patch's defined fields over the current ones, validated
 * again as a whole (cross-field rules included). Throws InvalidInputError when the patch tries to
 * change the type, and the ZodError of the merged configuration when it is invalid.
 */
export function mergeMonitorUpdate(current: MonitorConfig, patch: UpdateMonitorInput): MonitorConfig {
  if (patch.type !== current.type) {
    throw new InvalidInputError(`a ${current.type} monitor cannot become a ${patch.type} monitor`, "type");
  }
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return monitorConfigSchema.parse({ ...current, ...defined });
}

/** The host a monitor sends traffic to, for the address rules; null when it sends none (heartbeat, system DNS). */
export function monitorTargetHost(config: MonitorConfig): string | null {
  switch (config.type) {
    case "http":
      return new URL(config.url).hostname.replace(/^\[(.*)\]$/, "$1");
    case "tcp":
      return config.host;
    case "dns":
      return config.resolver === null ? null : (parseResolverAddress(config.resolver)?.host ?? null);
    case "heartbeat":
      return null;
  }
}
