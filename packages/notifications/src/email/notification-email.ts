import type { Notification } from "@pingpilot/domain";
import { summarize } from "../render/notification-summary.ts";
import type { RenderContext } from "../render/render-context.ts";
import { layoutEmail } from "./email-layout.ts";
import type { EmailMessage } from "./email-sender.ts";
import { reportEmailSection } from "./report-email-section.ts";

/**
 * The email for any notification (incident down or recovered, certificate expiring, reminder, grouped
 * storm message, report, test): plain text and HTML, times in the owner's time zone, links into the app.
 */
export function notificationEmail(to: string, notification: Notification, context: RenderContext): EmailMessage {
  const summary = summarize(notification, context);
  const extra =
    notification.kind === "report" ? reportEmailSection(notification.report.figures, notification.timezone) : undefined;
  const { text, html } = layoutEmail(summary, context, extra);
  return { to, subject: summary.title, text, html };
}
