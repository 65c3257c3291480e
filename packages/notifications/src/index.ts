// Alerts to the operator (crashes, failing jobs).
export { alertOnCrash, type CrashSource, operatorAlertsFromConfig } from "./alerts/crash-alerts.ts";
export {
  createOperatorAlerts,
  type OperatorAlert,
  type OperatorAlertResult,
  type OperatorAlerts,
  type OperatorAlertsDeps,
} from "./alerts/operator-alerts.ts";
// Channels: one folder each (channels/<kind>/), listed in the registry.
export {
  type ChannelDefinition,
  type ChannelTransport,
  type ChannelTransportDeps,
  describeOutcome,
  type SendOutcome,
  type SendRequest,
} from "./channels/channel.ts";
export { assertChannelUrlAllowed, toChannelView } from "./channels/channel-records.ts";
export { type ChannelSettings, channelDefinition, channelRegistry } from "./channels/channel-registry.ts";
export { type ChannelTransports, createChannelTransports, sendThrough } from "./channels/channel-transports.ts";
export { defaultChannelIds, unknownChannelIds } from "./channels/default-channel-ids.ts";
export { discordMessage } from "./channels/discord/discord-transport.ts";
export { DELIVERY_ID_HEADER } from "./channels/post-delivery.ts";
export { resolveTarget, settingsOfChannel } from "./channels/resolve-settings.ts";
export { slackMessage } from "./channels/slack/slack-transport.ts";
export { channelTransportsFromConfig } from "./channels/transports-from-config.ts";
export { NOTIFICATIONS_USER_AGENT } from "./channels/vetted-post.ts";
export { newWebhookSecret } from "./channels/webhook/webhook-channel.ts";
export { webhookEventTypes, webhookPayload } from "./channels/webhook/webhook-payload.ts";
export { SIGNATURE_HEADER, signWebhook, verifyWebhookSignature } from "./channels/webhook/webhook-signature.ts";
// Email: the sender and every email's layout.
export {
  createEmailSender,
  type EmailMessage,
  EmailSendError,
  type EmailSender,
  type EmailSenderOptions,
  type EmailSendOptions,
  type EmailSendResult,
  emailSenderFromConfig,
} from "./email/email-sender.ts";
export { notificationEmail } from "./email/notification-email.ts";
export { passwordResetEmail } from "./email/password-reset-email.ts";
// The delivery engine (outbox) and its alert policy.
export {
  isStorm,
  type MaintenanceQuery,
  type MaintenanceWindows,
  noMaintenanceWindows,
  type StormRule,
} from "./outbox/alert-policy.ts";
export { claimDelivery, type DeliveryClaim, releaseClaim } from "./outbox/claim-delivery.ts";
export { toDeliveryView } from "./outbox/delivery-view.ts";
export { fanOutEvents } from "./outbox/fan-out-events.ts";
export { flushStorms, stormDeliveryId } from "./outbox/flush-storms.ts";
export { eventDeliveryId } from "./outbox/new-delivery.ts";
export { pruneNotifications } from "./outbox/prune-notifications.ts";
export { type RetryPolicy, retryDelayMs } from "./outbox/retry-delay.ts";
export { createOutbox, type Outbox, type OutboxCounts, type OutboxDeps } from "./outbox/run-outbox.ts";
export { reminderDeliveryId, scheduleReminders } from "./outbox/schedule-reminders.ts";
export { type SenderDeps, type SendResult, sendDelivery, sendDueDeliveries } from "./outbox/send-due-deliveries.ts";
export type { RenderContext } from "./render/render-context.ts";
export {
  generateDueReports,
  generateReport,
  type ReportOutcome,
  reportDeliveryId,
} from "./reports/generate-reports.ts";
