export {
  createEmailSender,
  type EmailMessage,
  EmailSendError,
  type EmailSender,
  type EmailSenderOptions,
} from "./email-sender.ts";
export { passwordResetEmail } from "./password-reset-email.ts";
