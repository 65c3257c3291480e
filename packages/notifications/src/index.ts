export {
  isStorm,
  type MaintenanceQuery,
  type MaintenanceWindows,
  noMaintenanceWindows,
  type StormRule,
} from "./alert-policy.ts";
export {
  type ChannelSettings,
  type ChannelTransport,
  describeOutcome,
  type SendOutcome,
  type SendRequest,
} from "./channels/channel.ts";
export { assertChannelUrlAllowed, newWebhookSecret, toChannelView } from "./channels/channel-records.ts";
export {
  type ChannelTransportDeps,
  type ChannelTransports,
  createChannelTransports,
  NOTIFICATIONS_USER_AGENT,
  sendThrough,
} from "./channels/channel-transports.ts";
export { discordMessage } from "./channels/discord.ts";
export { slackMessage } from "./channels/slack.ts";
export { channelTransportsFromConfig } from "./channels/transports-from-config.ts";
export { DELIVERY_ID_HEADER } from "./channels/webhook.ts";
export { webhookEventTypes, webhookPayload } from "./channels/webhook-payload.ts";
export { SIGNATURE_HEADER, signWebhook, verifyWebhookSignature } from "./channels/webhook-signature.ts";
export { alertOnCrash, type CrashSource, operatorAlertsFromConfig } from "./crash-alerts.ts";
export { defaultChannelIds, unknownChannelIds } from "./default-channel-ids.ts";
export {
  createEmailSender,
  type EmailMessage,
  EmailSendError,
  type EmailSender,
  type EmailSenderOptions,
  type EmailSendOptions,
  type EmailSendResult,
} from "./email-sender.ts";
export { notificationEmail } from "./emails/notification-email.ts";
export {
  createOperatorAlerts,
  type OperatorAlert,
  type OperatorAlertResult,
  type OperatorAlerts,
  type OperatorAlertsDeps,
} from "./operator-alerts.ts";
export { claimDelivery, type DeliveryClaim, releaseClaim } from "./outbox/claim-delivery.ts";
export { toDeliveryView } from "./outbox/delivery-view.ts";
export { fanOutEvents } from "./outbox/fan-out-events.ts";
export { flushStorms, stormDeliveryId } from "./outbox/flush-storms.ts";
export { eventDeliveryId } from "./outbox/new-delivery.ts";
export { pruneNotifications } from "./outbox/prune-notifications.ts";
export { resolveTarget, settingsOfChannel } from "./outbox/resolve-settings.ts";
export { type RetryPolicy, retryDelayMs } from "./outbox/retry-delay.ts";
export { createOutbox, type Outbox, type OutboxCounts, type OutboxDeps } from "./outbox/run-outbox.ts";
export { reminderDeliveryId, scheduleReminders } from "./outbox/schedule-reminders.ts";
export { type SenderDeps, type SendResult, sendDelivery, sendDueDeliveries } from "./outbox/send-due-deliveries.ts";
export { passwordResetEmail } from "./password-reset-email.ts";
export type { RenderContext } from "./render/render-context.ts";
export {
  generateDueReports,
  generateReport,
  type ReportOutcome,
  reportDeliveryId,
} from "./reports/generate-reports.ts";
