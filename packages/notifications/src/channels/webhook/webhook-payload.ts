import type { GroupableNotification, MonitorRef, Notification } from "@pingpilot/domain";
import { monitorLink } from "../../render/notification-summary.ts";
import type { RenderContext } from "../../render/render-context.ts";

/** The `type` of a webhook body, one per kind of notification. */
export const webhookEventTypes = {
  incident_opened: "incident.opened",
  incident_resolved: "incident.resolved",
  certificate_expiring: "certificate.expiring",
  reminder: "incident.reminder",
  storm: "incident.storm",
  report: "report.ready",
  test: "test",
} as const;

function monitorOf(monitor: MonitorRef, context: RenderContext) {
  return { ...monitor, link: monitorLink(context, monitor.id) };
}

function itemOf(item: GroupableNotification, context: RenderContext) {
  return { type: webhookEventTypes[item.kind], monitor: monitorOf(item.monitor, context), incident: item.incident };
}

function dataOf(notification: Notification, context: RenderContext): Record<string, unknown> {
  switch (notification.kind) {
    case "incident_opened":
    case "incident_resolved":
    case "reminder":
      return { monitor: monitorOf(notification.monitor, context), incident: notification.incident };
    case "certificate_expiring":
      return { monitor: monitorOf(notification.monitor, context), certificate: notification.certificate };
    case "storm":
      return { items: notification.items.map((item) => itemOf(item, context)) };
    case "report":
      return {
        report: {
          ...notification.report,
          link: `${context.appUrl}/reports/${encodeURIComponent(notification.report.id)}`,
        },
      };
    case "test":
      return { channel: { name: notification.channelName } };
  }
}

/**
 * The JSON body of a generic webhook: `{ id, type, occurredAt, data }`. `id` is the delivery id, the
 * same on every retry (and in the `x-pingpilot-delivery-id` header): receivers deduplicate on it.
 */
export function webhookPayload(deliveryId: string, notification: Notification, context: RenderContext): string {
  return JSON.stringify({
    id: deliveryId,
    type: webhookEventTypes[notification.kind],
    occurredAt: notification.at,
    data: dataOf(notification, context),
  });
}
