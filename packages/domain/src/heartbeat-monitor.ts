import { CronExpressionParser } from "cron-parser";
import { z } from "zod";
import { canonicalTimeZone, timeZoneSchema } from "./auth.ts";
import { InvalidInputError } from "./errors.ts";
import { MONITOR_LIMITS } from "./monitor-limits.ts";
import { singleLineText } from "./text-fields.ts";

/** Aliases a heartbeat cron may use. Per-second schedules make no sense for a pinging job. */
const CRON_ALIASES = new Set([
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@hourly",
  "@weekdays",
  "@weekends",
]);

/**
 * Checks a heartbeat cron expression: five fields (minute hour day-of-month month day-of-week) or an
 * alias such as `@daily`, and an IANA time zone. Throws InvalidInputError with the parser's reason.
 */
export function assertValidHeartbeatCron(expression: string, timezone: string): void {
  if (canonicalTimeZone(timezone) === undefined)
    throw new InvalidInputError(`unknown time zone "${timezone}"`, "timezone");
  const trimmed = expression.trim();
  if (trimmed.startsWith("@") ? !CRON_ALIASES.has(trimmed) : trimmed.split(/\s+/).length !== 5) {
    throw new InvalidInputError(
      "must have five fields (minute hour day-of-month month day-of-week) or be an alias like @daily",
      "expression",
    );
  }
  try {
    CronExpressionParser.parse(trimmed, { tz: timezone, strict: false });
  } catch (error) {
    throw new InvalidInputError(`invalid cron expression: ${(error as Error).message}`, "expression");
  }
}

export const heartbeatScheduleSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("period"),
    periodSeconds: z
      .number()
      .int()
      .min(MONITOR_LIMITS.minHeartbeatPeriodSeconds)
      .max(MONITOR_LIMITS.maxHeartbeatPeriodSeconds),
  }),
  z
    .object({
      kind: z.literal("cron"),
      expression: singleLineText({ max: MONITOR_LIMITS.cronMaxLength, trim: true }).min(1),
      timezone: timeZoneSchema.default("UTC"),
    })
    .superRefine((schedule, ctx) => {
      try {
        assertValidHeartbeatCron(schedule.expression, schedule.timezone);
      } catch (error) {
        const field = error instanceof InvalidInputError && error.field ? error.field : "expression";
        ctx.addIssue({ code: "custom", path: [field], message: (error as Error).message });
      }
    }),
]);
export type HeartbeatSchedule = z.output<typeof heartbeatScheduleSchema>;

/** The heartbeat-specific part of a monitor: pings expected on a period or a cron schedule, plus grace. */
export const heartbeatConfigSchema = z.object({
  type: z.literal("heartbeat"),
  schedule: heartbeatScheduleSchema,
  graceSeconds: z.number().int().min(0).max(MONITOR_LIMITS.maxGraceSeconds).default(300),
});
export type HeartbeatConfig = z.output<typeof heartbeatConfigSchema>;

/**
 * When the next ping is expected after `since` (the last ping, or the monitor's creation/resume):
 * `since + period`, or the next cron occurrence after `since` in the schedule's time zone.
 */
export function nextExpectedPingAt(schedule: HeartbeatSchedule, since: Date): Date {
  if (schedule.kind === "period") return new Date(since.getTime() + schedule.periodSeconds * 1000);
  return CronExpressionParser.parse(schedule.expression, { tz: schedule.timezone, currentDate: since }).next().toDate();
}

/** The moment a heartbeat monitor without a new ping goes down: the next expected ping plus grace. */
export function heartbeatDeadline(config: Pick<HeartbeatConfig, "schedule" | "graceSeconds">, since: Date): Date {
  return new Date(nextExpectedPingAt(config.schedule, since).getTime() + config.graceSeconds * 1000);
}
