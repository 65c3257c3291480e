import type { PeriodFigures, ReportFigures } from "@pingpilot/domain";
import { escapeHtml, formatDuration, formatInstant, formatMs, formatPercent } from "../render/format.ts";
import type { EmailSection } from "./email-layout.ts";

/** "▲ 0.120 points", "▼ 35 ms": how a figure moved since the previous period (null when not comparable). */
function change(current: number | null, previous: number | null, unit: "percent" | "ms" | "seconds" | "count"): string {
  if (current === null || previous === null) return "–";
  const delta = current - previous;
  if (Math.abs(delta) < 1e-9) return "=";
  const arrow = delta > 0 ? "▲" : "▼";
  const size = Math.abs(delta);
  switch (unit) {
    case "percent":
      return `${arrow} ${size.toFixed(3)} points`;
    case "ms":
      return `${arrow} ${Math.round(size)} ms`;
    case "seconds":
      return `${arrow} ${formatDuration(size)}`;
    case "count":
      return `${arrow} ${size}`;
  }
}

interface Row {
  label: string;
  current: string;
  previous: string;
  change: string;
}

function comparisonRows(current: PeriodFigures, previous: PeriodFigures): Row[] {
  return [
    {
      label: "Uptime",
      current: formatPercent(current.uptimePercent),
      previous: formatPercent(previous.uptimePercent),
      change: change(current.uptimePercent, previous.uptimePercent, "percent"),
    },
    {
      label: "Incidents",
      current: String(current.incidents),
      previous: String(previous.incidents),
      change: change(current.incidents, previous.incidents, "count"),
    },
    {
      label: "Downtime",
      current: formatDuration(current.downtimeSeconds),
      previous: formatDuration(previous.downtimeSeconds),
      change: change(current.downtimeSeconds, previous.downtimeSeconds, "seconds"),
    },
    {
      label: "Average latency",
      current: formatMs(current.avgLatencyMs),
      previous: formatMs(previous.avgLatencyMs),
      change: change(current.avgLatencyMs, previous.avgLatencyMs, "ms"),
    },
    {
      label: "p95 latency",
      current: formatMs(current.p95LatencyMs),
      previous: formatMs(previous.p95LatencyMs),
      change: change(current.p95LatencyMs, previous.p95LatencyMs, "ms"),
    },
  ];
}

const cell = 'style="padding:4px 12px 4px 0;border-bottom:1px solid #eaecf0"';

/** The report's comparison with the previous period, its monitors and its incidents, as text and HTML. */
export function reportEmailSection(figures: ReportFigures, timezone: string): EmailSection {
  const rows = comparisonRows(figures.current, figures.previous);
  const text = [
    "Compared with the period before:",
    ...rows.map((row) => `  ${row.label}: ${row.current} (before: ${row.previous}, ${row.change})`),
    "",
    "Monitors:",
    ...figures.monitors.map(
      (monitor) =>
        `  ${monitor.name}: ${formatPercent(monitor.current.uptimePercent)} uptime, ${monitor.current.incidents} incidents, ` +
        `${formatDuration(monitor.current.downtimeSeconds)} down, avg ${formatMs(monitor.current.avgLatencyMs)}, ` +
        `p95 ${formatMs(monitor.current.p95LatencyMs)}`,
    ),
    ...(figures.incidents.length
      ? [
          "",
          "Incidents:",
          ...figures.incidents.map(
            (incident) =>
              `  ${incident.monitorName}: ${formatInstant(incident.startedAt, timezone)}, ${formatDuration(incident.downtimeSeconds)} (${incident.reason})`,
          ),
        ]
      : []),
  ];
  const comparison = `<h3>Compared with the period before</h3><table style="border-collapse:collapse"><tr><th align="left" ${cell}></th><th align="left" ${cell}>This period</th><th align="left" ${cell}>Before</th><th align="left" ${cell}>Change</th></tr>${rows
    .map(
      (row) =>
        `<tr><td ${cell}>${escapeHtml(row.label)}</td><td ${cell}><b>${escapeHtml(row.current)}</b></td><td ${cell}>${escapeHtml(row.previous)}</td><td ${cell}>${escapeHtml(row.change)}</td></tr>`,
    )
    .join("")}</table>`;
  const monitors = `<h3>Monitors</h3><table style="border-collapse:collapse"><tr><th align="left" ${cell}>Monitor</th><th align="left" ${cell}>Uptime</th><th align="left" ${cell}>Incidents</th><th align="left" ${cell}>Downtime</th><th align="left" ${cell}>Avg</th><th align="left" ${cell}>p95</th></tr>${figures.monitors
    .map(
      (monitor) =>
        `<tr><td ${cell}>${escapeHtml(monitor.name)}</td><td ${cell}>${formatPercent(monitor.current.uptimePercent)}</td><td ${cell}>${monitor.current.incidents}</td><td ${cell}>${formatDuration(monitor.current.downtimeSeconds)}</td><td ${cell}>${formatMs(monitor.current.avgLatencyMs)}</td><td ${cell}>${formatMs(monitor.current.p95LatencyMs)}</td></tr>`,
    )
    .join("")}</table>`;
  const incidents = figures.incidents.length
    ? `<h3>Incidents</h3><ul>${figures.incidents
        .map(
          (incident) =>
            `<li>${escapeHtml(incident.monitorName)}: ${escapeHtml(formatInstant(incident.startedAt, timezone))}, ${formatDuration(incident.downtimeSeconds)} (${escapeHtml(incident.reason)})</li>`,
        )
        .join("")}</ul>`
    : "";
  return { text, html: comparison + monitors + incidents };
}
