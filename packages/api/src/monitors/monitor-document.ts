import type { MonitorDocument, Types } from "@pingpilot/db";
import { type CheckErrorCode, isSafeRecordKey, type MonitorConfig, type MonitorView } from "@pingpilot/domain";

/** A monitor as read from the database (lean). */
export type StoredMonitor = MonitorDocument & { _id: Types.ObjectId };

/**
 * The stored form of a configuration: common fields at the top level (indexed, filtered, read by the
 * scheduler), the type-specific part — with its `type`, which is what the check engine runs — in `config`.
 */
export function monitorFieldsOf(config: MonitorConfig) {
  const {
    name,
    intervalSeconds,
    retriesBeforeIncident,
    successesBeforeResolve,
    paused,
    tags,
    channelIds,
    ...specific
  } = config;
  return {
    name,
    type: config.type,
    config: specific as Record<string, unknown>,
    intervalSeconds,
    retriesBeforeIncident,
    successesBeforeResolve,
    paused,
    tags,
    channelIds,
  };
}

/**
 * A stored value copied without the keys no input may carry any more (see isSafeRecordKey). Documents
 * saved before the rule, or written around the API, can hold a header named `constructor`: superjson
 * refuses to send such an object, so one bad monitor would break every list that includes it. Dropping
 * the key here also heals the document on its next edit, since updates write the configuration back.
 */
function withSafeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSafeKeys);
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (isSafeRecordKey(key)) copy[key] = withSafeKeys(child);
  }
  return copy;
}

/** The configuration back from a stored monitor (validated when it was saved, minus keys no longer safe). */
export function configOf(monitor: StoredMonitor): MonitorConfig {
  return {
    ...(withSafeKeys(monitor.config) as Record<string, unknown>),
    type: monitor.type,
    name: monitor.name,
    intervalSeconds: monitor.intervalSeconds,
    retriesBeforeIncident: monitor.retriesBeforeIncident,
    successesBeforeResolve: monitor.successesBeforeResolve,
    paused: monitor.paused,
    tags: [...(monitor.tags ?? [])],
    channelIds: (monitor.channelIds ?? []).map(String),
  } as MonitorConfig;
}

export function pushUrlOf(publicUrl: string, pushToken: string): string {
  return `${publicUrl}/push/${pushToken}`;
}

/** What the owner sees. The push URL (a secret) appears for heartbeat monitors only. */
export function toMonitorView(monitor: StoredMonitor, publicUrl: string): MonitorView {
  const last = monitor.lastResult;
  return {
    id: monitor._id.toHexString(),
    config: configOf(monitor),
    status: monitor.status,
    nextCheckAt: monitor.nextDueAt ?? null,
    lastCheckedAt: monitor.lastCheckedAt ?? null,
    lastResult: last
      ? {
          status: last.status,
          responseTimeMs: last.responseTimeMs ?? null,
          httpStatus: last.httpStatus ?? null,
          reason: last.reason,
          errorCode: (last.errorCode ?? null) as CheckErrorCode | null,
          checkedAt: last.checkedAt,
        }
      : null,
    openIncidentId: monitor.openIncidentId ? String(monitor.openIncidentId) : null,
    certificateExpiresAt: monitor.certificateExpiresAt ?? null,
    heartbeat:
      monitor.type === "heartbeat"
        ? {
            pushUrl: pushUrlOf(publicUrl, monitor.pushToken),
            lastPingAt: monitor.lastPingAt ?? null,
            lastStartAt: monitor.lastStartAt ?? null,
            deadlineAt: monitor.deadlineAt ?? null,
          }
        : null,
    createdAt: monitor.createdAt,
    updatedAt: monitor.updatedAt,
  };
}
