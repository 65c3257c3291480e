import { isClientError, type MonitorView, type PingPilotClient } from "@pingpilot/client";
import { canonicalConfig, type ExportedMonitor, fetchAllMonitors, type MonitorExport } from "./monitor-export.ts";

export type ImportAction = "created" | "updated" | "unchanged" | "failed";

export interface ImportStep {
  action: ImportAction;
  name: string;
  type: string;
  id: string | null;
  error?: string;
}

function nameKey(type: string, name: string): string {
  return `${type}\u0000${name}`;
}

/**
 * Decides, for each exported monitor, which existing monitor it is: the one with its exported id (a
 * re-import into the same account), else the first unclaimed one with the same type and name (an
 * import into another account or instance). Each existing monitor is matched at most once.
 */
export function matchMonitors(entries: readonly ExportedMonitor[], existing: readonly MonitorView[]) {
  const byId = new Map(existing.map((monitor) => [monitor.id, monitor]));
  const byName = new Map<string, MonitorView[]>();
  for (const monitor of existing) {
    const key = nameKey(monitor.config.type, monitor.config.name);
    byName.set(key, [...(byName.get(key) ?? []), monitor]);
  }
  const claimed = new Set<string>();
  return entries.map((entry) => {
    const sameId = entry.id ? byId.get(entry.id) : undefined;
    const candidates = sameId ? [sameId] : (byName.get(nameKey(entry.config.type, entry.config.name)) ?? []);
    const match = candidates.find((monitor) => !claimed.has(monitor.id) && monitor.config.type === entry.config.type);
    if (match) claimed.add(match.id);
    return { entry, match };
  });
}

/**
 * Imports an export idempotently: matched monitors are updated only when their configuration
 * differs (notification channels aside: they are per account), the rest are created. Importing the same file twice changes nothing the second time. A
 * monitor the API refuses (address rules, limit) is reported and the others still go in.
 */
export async function importMonitors(
  client: PingPilotClient,
  file: MonitorExport,
  options: { dryRun?: boolean } = {},
): Promise<ImportStep[]> {
  const plan = matchMonitors(file.monitors, await fetchAllMonitors(client));
  const steps: ImportStep[] = [];
  for (const { entry, match } of plan) {
    const { name, type } = entry.config;
    // Notification channels belong to one account: never carried over. New monitors get the account's
    // default channels; existing ones keep theirs.
    const { channelIds: _channels, ...config } = entry.config;
    if (
      match &&
      canonicalConfig({ ...match.config, channelIds: [] }) === canonicalConfig({ ...entry.config, channelIds: [] })
    ) {
      steps.push({ action: "unchanged", name, type, id: match.id });
      continue;
    }
    if (options.dryRun) {
      steps.push({ action: match ? "updated" : "created", name, type, id: match?.id ?? null });
      continue;
    }
    try {
      const saved = match
        ? await client.monitor.update.mutate({ ...config, id: match.id })
        : await client.monitor.create.mutate(config);
      steps.push({ action: match ? "updated" : "created", name, type, id: saved.id });
    } catch (error) {
      if (!isClientError(error)) throw error;
      steps.push({ action: "failed", name, type, id: match?.id ?? null, error: error.message });
    }
  }
  return steps;
}
