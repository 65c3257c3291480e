import { z } from "zod";
import { monitorEventPayloadSchemas } from "./monitor-event.ts";
import { reportFiguresSchema, reportKindSchema } from "./report.ts";

/**
 * The channel-neutral messages the notifications outbox sends. A delivery stores its message when it
 * is created, so every attempt renders exactly the same email, webhook body or chat message; the
 * stored message is parsed with {@link notificationSchema} where it is read.
 */

/** The monitor an alert is about, as it was when the alert was created. */
export const monitorRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  /** What it checks (URL, host:port, host name); null for heartbeats. */
  target: z.string().nullable(),
});
export type MonitorRef = z.infer<typeof monitorRefSchema>;

const base = {
  /** When it happened. */
  at: z.date(),
  /** The owner's IANA time zone: times in the message are shown in it. */
  timezone: z.string(),
};

export const incidentOpenedNotificationSchema = z.object({
  ...base,
  kind: z.literal("incident_opened"),
  monitor: monitorRefSchema,
  incident: monitorEventPayloadSchemas.incident_opened.extend({ id: z.string() }),
});
export type IncidentOpenedNotification = z.infer<typeof incidentOpenedNotificationSchema>;

export const incidentResolvedNotificationSchema = z.object({
  ...base,
  kind: z.literal("incident_resolved"),
  monitor: monitorRefSchema,
  incident: monitorEventPayloadSchemas.incident_resolved.extend({ id: z.string() }),
});
export type IncidentResolvedNotification = z.infer<typeof incidentResolvedNotificationSchema>;

export const certificateExpiringNotificationSchema = z.object({
  ...base,
  kind: z.literal("certificate_expiring"),
  monitor: monitorRefSchema,
  certificate: monitorEventPayloadSchemas.certificate_expiring,
});
export type CertificateExpiringNotification = z.infer<typeof certificateExpiringNotificationSchema>;

export const reminderNotificationSchema = z.object({
  ...base,
  kind: z.literal("reminder"),
  monitor: monitorRefSchema,
  incident: z.object({ id: z.string(), startedAt: z.date(), lastError: z.string() }),
});
export type ReminderNotification = z.infer<typeof reminderNotificationSchema>;

/** The alerts a storm message can carry. */
export const groupableNotificationSchema = z.discriminatedUnion("kind", [
  incidentOpenedNotificationSchema,
  incidentResolvedNotificationSchema,
  reminderNotificationSchema,
]);
export type GroupableNotification = z.infer<typeof groupableNotificationSchema>;

export const stormNotificationSchema = z.object({
  ...base,
  kind: z.literal("storm"),
  items: z.array(groupableNotificationSchema),
});
export type StormNotification = z.infer<typeof stormNotificationSchema>;

export const reportNotificationSchema = z.object({
  ...base,
  kind: z.literal("report"),
  report: z.object({
    id: z.string(),
    kind: reportKindSchema,
    firstDay: z.string(),
    lastDay: z.string(),
    figures: reportFiguresSchema,
  }),
});
export type ReportNotification = z.infer<typeof reportNotificationSchema>;

export const testNotificationSchema = z.object({ ...base, kind: z.literal("test"), channelName: z.string() });
export type TestNotification = z.infer<typeof testNotificationSchema>;

export const notificationSchema = z.discriminatedUnion("kind", [
  incidentOpenedNotificationSchema,
  incidentResolvedNotificationSchema,
  certificateExpiringNotificationSchema,
  reminderNotificationSchema,
  stormNotificationSchema,
  reportNotificationSchema,
  testNotificationSchema,
]);
export type Notification = z.infer<typeof notificationSchema>;
export type NotificationKind = Notification["kind"];
