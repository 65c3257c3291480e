import { z } from "zod";
import { emailSchema, recordIdSchema } from "./auth.ts";
import { singleLineText } from "./text-fields.ts";

/** Notification channels: inputs of the `channel.*` procedures and what they answer. */

export const CHANNEL_LIMITS = {
  nameMaxLength: 100,
  urlMaxLength: 2_048,
  channelsPerUser: 50,
  /** Reminders while an incident stays open: every 5 minutes at the most, once a week at the least. */
  reminderMinMinutes: 5,
  reminderMaxMinutes: 7 * 24 * 60,
} as const;

/** An http(s) URL a channel posts to; whether its address may be reached is checked on save and on send. */
export const channelUrlSchema = singleLineText({ max: CHANNEL_LIMITS.urlMaxLength, trim: true }).pipe(
  z.url({ protocol: /^https?$/, error: "must be an http or https URL" }),
);

/**
 * Each channel type's settings as people enter them: the registry of input schemas (the API and the
 * client validate with it; @pingpilot/notifications' `channelRegistry` has the rest of each channel).
 * A schema stays here, not in the channel's folder, because domain may not import notifications.
 */
export const channelSettingsSchemas = {
  /** Null: the account's notification email (or its login email), read when each message is sent. */
  email: z.object({ to: emailSchema.nullable().default(null) }),
  webhook: z.object({ url: channelUrlSchema }),
  slack: z.object({ url: channelUrlSchema }),
  discord: z.object({ url: channelUrlSchema }),
} as const;

export type ChannelType = keyof typeof channelSettingsSchemas;
export const channelTypes = Object.keys(channelSettingsSchemas) as [ChannelType, ...ChannelType[]];
export const channelTypeSchema = z.enum(channelTypes);

const reminderIntervalSchema = z
  .number()
  .int()
  .min(CHANNEL_LIMITS.reminderMinMinutes)
  .max(CHANNEL_LIMITS.reminderMaxMinutes)
  .nullable();

const channelCommon = {
  name: singleLineText({ max: CHANNEL_LIMITS.nameMaxLength, trim: true }).min(1),
  /** Monitors created afterwards start with this channel. */
  isDefault: z.boolean().default(false),
  /** Reminder every this many minutes while an incident stays open; null (the default) = none. */
  reminderIntervalMinutes: reminderIntervalSchema.default(null),
};

export const createChannelInputSchema = z.discriminatedUnion("type", [
  z.object({ ...channelCommon, type: z.literal("email"), ...channelSettingsSchemas.email.shape }),
  z.object({ ...channelCommon, type: z.literal("webhook"), ...channelSettingsSchemas.webhook.shape }),
  z.object({ ...channelCommon, type: z.literal("slack"), ...channelSettingsSchemas.slack.shape }),
  z.object({ ...channelCommon, type: z.literal("discord"), ...channelSettingsSchemas.discord.shape }),
]);
export type CreateChannelInput = z.input<typeof createChannelInputSchema>;
export type CreateChannelData = z.output<typeof createChannelInputSchema>;

/** A patch: omitted fields stay. `to` is for email channels only, `url` for the others. */
export const updateChannelInputSchema = z.object({
  id: recordIdSchema,
  name: channelCommon.name.optional(),
  isDefault: z.boolean().optional(),
  reminderIntervalMinutes: reminderIntervalSchema.optional(),
  to: emailSchema.nullable().optional(),
  url: channelUrlSchema.optional(),
});
export type UpdateChannelInput = z.input<typeof updateChannelInputSchema>;

export const channelIdInputSchema = z.object({ id: recordIdSchema });

export const deliveryStatuses = ["pending", "held", "grouped", "sent", "failed", "suppressed"] as const;
export const deliveryStatusSchema = z.enum(deliveryStatuses);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

export const deliveryKinds = [
  "incident_opened",
  "incident_resolved",
  "certificate_expiring",
  "storm",
  "reminder",
  "report",
  "test",
] as const;
export type DeliveryKind = (typeof deliveryKinds)[number];

export const channelDeliveriesInputSchema = z.object({
  id: recordIdSchema,
  status: deliveryStatusSchema.optional(),
  /** The previous page's `nextCursor`, unchanged. */
  cursor: singleLineText({ max: 200 }).min(1).optional(),
  limit: z.number().int().min(1).max(100).default(20),
});
export type ChannelDeliveriesInput = z.input<typeof channelDeliveriesInputSchema>;

export interface ChannelView {
  id: string;
  name: string;
  type: ChannelType;
  isDefault: boolean;
  reminderIntervalMinutes: number | null;
  /**
   * Where it sends, secrets masked: the address ("account email" when it follows the account), the
   * webhook URL, or a Slack/Discord URL shortened to its host and last characters (those URLs are secrets).
   */
  target: string;
  /** Webhooks: the start of the signing secret, to tell secrets apart. */
  secretPreview: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** `channel.create` / `channel.rotateSecret`: the webhook signing secret is in this answer only. */
export interface ChannelWithSecret {
  channel: ChannelView;
  secret: string | null;
}

export interface ChannelTestResult {
  ok: boolean;
  deliveryId: string;
  /** The receiver's HTTP status, when it answered. */
  statusCode: number | null;
  error: string | null;
}

export interface DeliveryAttemptView {
  attempt: number;
  at: Date;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryView {
  id: string;
  kind: DeliveryKind;
  status: DeliveryStatus;
  /** One line saying what the message is about. */
  title: string;
  monitorId: string | null;
  incidentId: string | null;
  occurredAt: Date;
  createdAt: Date;
  attempts: number;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  lastError: string | null;
  /** Grouped deliveries: the grouped (storm) message that carried this one. */
  groupId: string | null;
  /** The latest attempts, oldest first. */
  log: DeliveryAttemptView[];
}

export interface DeliveryPage {
  items: DeliveryView[];
  nextCursor: string | null;
}
