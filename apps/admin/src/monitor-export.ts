import { type MonitorConfig, monitorConfigSchema, type PingPilotClient, recordIdSchema } from "@pingpilot/client";
import { z } from "zod";

/**
 * The export file: every monitor's configuration as `monitor.create` takes it, plus its id so a
 * re-import into the same account updates instead of duplicating. Push URLs are not exported (they
 * are secrets of one account): an imported heartbeat monitor gets a new one.
 */
export const monitorExportSchema = z.object({
  format: z.literal("pingpilot.monitors"),
  version: z.literal(1),
  exportedAt: z.string(),
  monitors: z.array(z.object({ id: recordIdSchema.optional(), config: monitorConfigSchema })),
});
export type MonitorExport = z.output<typeof monitorExportSchema>;
export type ExportedMonitor = MonitorExport["monitors"][number];

/** Every monitor of the key's owner, walking the list page by page (oldest last). */
export async function fetchAllMonitors(client: PingPilotClient) {
  const monitors: Awaited<ReturnType<PingPilotClient["monitor"]["list"]["query"]>>["items"] = [];
  let cursor: string | undefined;
  do {
    const page = await client.monitor.list.query({ limit: 100, ...(cursor ? { cursor } : {}) });
    monitors.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return monitors;
}

export async function exportMonitors(client: PingPilotClient, now: Date): Promise<MonitorExport> {
  const monitors = await fetchAllMonitors(client);
  return {
    format: "pingpilot.monitors",
    version: 1,
    exportedAt: now.toISOString(),
    // Oldest first, so an import creates them in the original order.
    monitors: monitors.reverse().map((monitor) => ({ id: monitor.id, config: monitor.config })),
  };
}

/** A stable text form of a configuration (keys sorted), to tell "unchanged" from "changed". */
export function canonicalConfig(config: MonitorConfig): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, inner]) => [key, sortKeys(inner)]),
      );
    }
    return value;
  };
  return JSON.stringify(sortKeys(config));
}
