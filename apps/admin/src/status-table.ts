import type { MonitorOverview, MonitorView, PingPilotClient } from "@pingpilot/client";
import { fetchAllMonitors } from "./monitor-export.ts";

export interface StatusRow {
  status: string;
  type: string;
  name: string;
  uptime24h: string;
  lastCheck: string;
  detail: string;
}

function formatPercent(value: number | null): string {
  return value === null ? "–" : `${value.toFixed(value === 100 ? 0 : 2)}%`;
}

function lastCheckOf(monitor: MonitorView): string {
  if (monitor.config.type === "heartbeat") {
    return monitor.heartbeat?.lastPingAt ? monitor.heartbeat.lastPingAt.toISOString() : "never pinged";
  }
  return monitor.lastCheckedAt ? monitor.lastCheckedAt.toISOString() : "not checked yet";
}

function detailOf(monitor: MonitorView): string {
  const last = monitor.lastResult;
  if (!last) return "";
  const time = last.responseTimeMs === null ? "" : ` (${Math.round(last.responseTimeMs)} ms)`;
  return `${last.reason}${time}`;
}

/** Lays rows out in aligned columns under a header. */
export function formatTable(rows: readonly StatusRow[]): string {
  const header: StatusRow = {
    status: "STATUS",
    type: "TYPE",
    name: "NAME",
    uptime24h: "UPTIME 24H",
    lastCheck: "LAST CHECK",
    detail: "LAST RESULT",
  };
  const columns = ["status", "type", "name", "uptime24h", "lastCheck", "detail"] as const;
  const all = [header, ...rows];
  const widths = columns.map((column) => Math.max(...all.map((row) => row[column].length)));
  return all
    .map((row) =>
      columns
        .map((column, index) => row[column].padEnd(widths[index] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function formatOverview(overview: MonitorOverview): string {
  const counts = Object.entries(overview.byStatus)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(", ");
  const incidents = overview.openIncidents.count;
  return `${overview.total} monitors${counts ? `: ${counts}` : ""} · ${incidents} open incident${incidents === 1 ? "" : "s"}`;
}

/** The status table: every monitor with its state, uptime over the last 24 h and its latest result. */
export async function statusReport(client: PingPilotClient): Promise<string> {
  const [overview, monitors] = await Promise.all([client.monitor.overview.query(), fetchAllMonitors(client)]);
  const stats = await Promise.all(monitors.map((monitor) => client.monitor.stats.query({ id: monitor.id })));
  const rows = monitors
    .map((monitor, index) => ({
      status: monitor.status.toUpperCase(),
      type: monitor.config.type,
      name: monitor.config.name,
      uptime24h: formatPercent(stats[index]?.windows["24h"].uptimePercent ?? null),
      lastCheck: lastCheckOf(monitor),
      detail: detailOf(monitor),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return `${formatOverview(overview)}\n\n${formatTable(rows)}`;
}
