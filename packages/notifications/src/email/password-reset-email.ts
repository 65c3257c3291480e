import type { EmailMessage } from "./email-sender.ts";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The password-reset email: the link, how long it works, and what to do if it was not you. */
export function passwordResetEmail(input: { to: string; link: string; expiresInMinutes: number }): EmailMessage {
  const { link, expiresInMinutes } = input;
  const subject = "Reset your Ping Pilot password";
  const text = [
    "Someone (hopefully you) asked to reset the password of your Ping Pilot account.",
    "",
    `Choose a new password here (the link works once, for ${expiresInMinutes} minutes):`,
    link,
    "",
    "If you did not ask for this, ignore this email: your password stays as it is.",
  ].join("\n");
  const href = escapeHtml(link);
  const html = [
    "<!doctype html>",
    '<html><body style="font-family: sans-serif; line-height: 1.5">',
    "<p>Someone (hopefully you) asked to reset the password of your Ping Pilot account.</p>",
    `<p><a href="${href}">Choose a new password</a> (the link works once, for ${expiresInMinutes} minutes).</p>`,
    `<p style="color:#666">Or paste this address into your browser:<br>${href}</p>`,
    "<p>If you did not ask for this, ignore this email: your password stays as it is.</p>",
    "</body></html>",
  ].join("\n");
  return { to: input.to, subject, text, html };
}
