import type { NotificationDeliveryDocument } from "@pingpilot/db";
import type { DeliveryKind, DeliveryStatus, DeliveryView } from "@pingpilot/domain";
import { summarize } from "../render/notification-summary.ts";
import { storedNotification } from "./stored-message.ts";

function titleOf(message: unknown): string {
  const notification = storedNotification(message);
  if (notification) return summarize(notification, { appUrl: "" }).title;
  const kind = typeof message === "object" && message !== null ? (message as { kind?: unknown }).kind : undefined;
  return typeof kind === "string" ? kind : "notification";
}

/** A delivery as the delivery log shows it. */
export function toDeliveryView(delivery: NotificationDeliveryDocument): DeliveryView {
  return {
    id: delivery._id,
    kind: delivery.kind as DeliveryKind,
    status: delivery.status as DeliveryStatus,
    title: titleOf(delivery.message),
    monitorId: delivery.monitorId ? delivery.monitorId.toString() : null,
    incidentId: delivery.incidentId ? delivery.incidentId.toString() : null,
    occurredAt: delivery.occurredAt,
    createdAt: delivery.createdAt,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt ?? null,
    sentAt: delivery.sentAt ?? null,
    lastError: delivery.lastError ?? null,
    groupId: delivery.groupId ?? null,
    log: (delivery.log ?? []).map((entry) => ({
      attempt: entry.attempt,
      at: entry.at,
      ok: entry.ok,
      statusCode: entry.statusCode ?? null,
      error: entry.error ?? null,
      durationMs: entry.durationMs,
    })),
  };
}
