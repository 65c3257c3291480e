import type { ReportFigures, ReportKind } from "@pingpilot/domain";

/** The monitor an alert is about, as it was when the alert was created. */
export interface MonitorRef {
  id: string;
  name: string;
  type: string;
  /** What it checks (URL, host:port, host name); null for heartbeats. */
  target: string | null;
}

interface Base {
  /** When it happened. */
  at: Date;
  /** The owner's IANA time zone: times in the message are shown in it. */
  timezone: string;
}

export interface IncidentOpenedNotification extends Base {
  kind: "incident_opened";
  monitor: MonitorRef;
  incident: { id: string; startedAt: Date; reason: string; errorCode: string | null };
}

export interface IncidentResolvedNotification extends Base {
  kind: "incident_resolved";
  monitor: MonitorRef;
  incident: { id: string; startedAt: Date; endedAt: Date; durationSeconds: number; lastError: string };
}

export interface CertificateExpiringNotification extends Base {
  kind: "certificate_expiring";
  monitor: MonitorRef;
  certificate: { expiresAt: Date; daysRemaining: number; issuer: string; subject: string };
}

export interface ReminderNotification extends Base {
  kind: "reminder";
  monitor: MonitorRef;
  incident: { id: string; startedAt: Date; lastError: string };
}

/** The alerts a storm message can carry. */
export type GroupableNotification = IncidentOpenedNotification | IncidentResolvedNotification | ReminderNotification;

export interface StormNotification extends Base {
  kind: "storm";
  items: GroupableNotification[];
}

export interface ReportNotification extends Base {
  kind: "report";
  report: { id: string; kind: ReportKind; firstDay: string; lastDay: string; figures: ReportFigures };
}

export interface TestNotification extends Base {
  kind: "test";
  channelName: string;
}

/**
 * A message, independent of the channel that carries it. Deliveries store it when they are created,
 * so every attempt renders exactly the same email, webhook body or chat message.
 */
export type Notification =
  | IncidentOpenedNotification
  | IncidentResolvedNotification
  | CertificateExpiringNotification
  | ReminderNotification
  | StormNotification
  | ReportNotification
  | TestNotification;

export type NotificationKind = Notification["kind"];

/** Links in messages point at the web app. */
export interface RenderContext {
  appUrl: string;
}
