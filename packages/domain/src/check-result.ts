import { z } from "zod";

export const checkStatuses = ["up", "down", "degraded"] as const;
export const checkStatusSchema = z.enum(checkStatuses);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

/** Why a check failed, for machines (grouping, notifications); `reason` says it for people. */
export const checkErrorCodes = [
  "timeout",
  "cancelled",
  "address_not_allowed",
  "dns",
  "connection_refused",
  "connection_reset",
  "unreachable",
  "tls",
  "certificate_expired",
  "certificate_expiring",
  "status",
  "keyword",
  "json",
  "too_many_redirects",
  "body_too_large",
  "protocol",
  "unexpected_answer",
  "heartbeat_missed",
  "heartbeat_failed",
  "unknown",
] as const;
export const checkErrorCodeSchema = z.enum(checkErrorCodes);
export type CheckErrorCode = z.infer<typeof checkErrorCodeSchema>;

export const certificateInfoSchema = z.object({
  expiresAt: z.date(),
  issuer: z.string(),
  subject: z.string(),
});
export type CertificateInfo = z.infer<typeof certificateInfoSchema>;

/** The outcome of one check, as the engine returns it and the scheduler stores it. */
export const checkResultSchema = z.object({
  status: checkStatusSchema,
  /** Time to the response headers (HTTP), to the connection (TCP), to the answer (DNS); null when none came. */
  responseTimeMs: z.number().nonnegative().nullable(),
  httpStatus: z.number().int().min(100).max(599).nullable(),
  /** Short and human: "status 503, expected 200-299", "timeout after 10 s", "keyword 'OK' not found". */
  reason: z.string().max(300),
  /** Null when the check is up. */
  errorCode: checkErrorCodeSchema.nullable(),
  /** The server certificate of an HTTPS check, when a TLS handshake got far enough to see one. */
  certificate: certificateInfoSchema.nullable(),
  checkedAt: z.date(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

/** Degraded counts as up for uptime and incidents: the target answered correctly, with a warning. */
export function isSuccessfulCheck(status: CheckStatus): boolean {
  return status !== "down";
}

const DAY_MS = 86_400_000;

/** Whole days left before a certificate expires (negative once it has expired). */
export function certificateDaysRemaining(expiresAt: Date, now: Date): number {
  return Math.floor((expiresAt.getTime() - now.getTime()) / DAY_MS);
}

/**
 * Whether a `certificate_expiring` event is due: the certificate is within the warning window and no
 * warning was sent yet for this expiry date (a renewed certificate has a new date and warns afresh).
 */
export function shouldWarnAboutCertificate(input: {
  certificate: CertificateInfo | null;
  warningDays: number;
  now: Date;
  lastWarnedExpiresAt: Date | null;
}): boolean {
  const { certificate, warningDays, now, lastWarnedExpiresAt } = input;
  if (!certificate || warningDays <= 0) return false;
  if (certificateDaysRemaining(certificate.expiresAt, now) >= warningDays) return false;
  return lastWarnedExpiresAt?.getTime() !== certificate.expiresAt.getTime();
}
