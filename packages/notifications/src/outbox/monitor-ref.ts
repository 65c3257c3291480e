import type { MonitorRef } from "@pingpilot/domain";

/** What a monitor checks, for people: its URL, host:port, or host name; null for heartbeats. */
export function monitorTarget(type: string, config: Record<string, unknown>): string | null {
  if (type === "http" && typeof config.url === "string") return config.url;
  if (type === "tcp" && typeof config.host === "string") return `${config.host}:${String(config.port ?? "")}`;
  if (type === "dns" && typeof config.hostname === "string") return config.hostname;
  return null;
}

export function monitorRefOf(monitor: {
  _id: { toString(): string };
  name: string;
  type: string;
  config: Record<string, unknown>;
}): MonitorRef {
  return {
    id: monitor._id.toString(),
    name: monitor.name,
    type: monitor.type,
    target: monitorTarget(monitor.type, monitor.config),
  };
}
