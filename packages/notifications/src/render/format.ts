const formatters = new Map<string, Intl.DateTimeFormat>();

/** "Tue, 24 Nov 2026, 15:05 CET": an instant in the owner's time zone, with the zone named. */
export function formatInstant(at: Date, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(at);
}

/** "2026-11-16" → "16 Nov 2026". */
export function formatDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" }).format(
    new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1)),
  );
}

/** "45 s", "12 min", "1 h 5 min", "2 d 3 h": the two largest units. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

export function formatPercent(value: number | null): string {
  if (value === null) return "–";
  if (value === 100) return "100 %";
  // Enough decimals that 99.999 % does not read as 100 %.
  return `${(Math.floor(value * 1000) / 1000).toFixed(value >= 99 ? 3 : 2)} %`;
}

export function formatMs(value: number | null): string {
  return value === null ? "–" : `${Math.round(value)} ms`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Cuts a text to a length limit with an ellipsis (chat services refuse longer fields). */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
