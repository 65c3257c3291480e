import {
  type GroupableNotification,
  groupableNotificationSchema,
  type Notification,
  notificationSchema,
} from "@pingpilot/domain";

/**
 * A delivery's stored message, parsed once where it is read (sending, grouping, the delivery log):
 * null when the document does not match the domain's schema (written by hand or by an older version).
 */
export function storedNotification(message: unknown): Notification | null {
  const parsed = notificationSchema.safeParse(message);
  return parsed.success ? parsed.data : null;
}

/** A held delivery's message, which a storm message can carry; null when it is not one. */
export function storedGroupableNotification(message: unknown): GroupableNotification | null {
  const parsed = groupableNotificationSchema.safeParse(message);
  return parsed.success ? parsed.data : null;
}
