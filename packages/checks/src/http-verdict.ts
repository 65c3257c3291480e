import {
  type CertificateInfo,
  type CheckErrorCode,
  type CheckStatus,
  certificateDaysRemaining,
  evaluateJsonAssertion,
  type HttpCheckConfig,
  isStatusAccepted,
  MONITOR_LIMITS,
} from "@pingpilot/domain";
import { readCappedBody } from "./capped-body.ts";

export interface HttpVerdict {
  status: CheckStatus;
  reason: string;
  errorCode: CheckErrorCode | null;
}

const CAP_LABEL = `${MONITOR_LIMITS.responseBodyCapBytes / 1_048_576} MiB`;

function down(reason: string, errorCode: CheckErrorCode): HttpVerdict {
  return { status: "down", reason, errorCode };
}

function judgeKeyword(config: HttpCheckConfig, text: string, truncated: boolean): HttpVerdict | null {
  const keyword = config.keyword;
  if (!keyword) return null;
  const found = keyword.caseSensitive
    ? text.includes(keyword.value)
    : text.toLowerCase().includes(keyword.value.toLowerCase());
  if (keyword.mode === "contains" && !found) {
    return down(`keyword '${keyword.value}' not found${truncated ? ` in the first ${CAP_LABEL}` : ""}`, "keyword");
  }
  if (keyword.mode === "not_contains" && found) return down(`keyword '${keyword.value}' found`, "keyword");
  return null;
}

function judgeJson(config: HttpCheckConfig, text: string, truncated: boolean): HttpVerdict | null {
  if (config.jsonAssertions.length === 0) return null;
  if (truncated) return down(`response larger than ${CAP_LABEL}, JSON assertions not checked`, "body_too_large");
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return down("response is not valid JSON", "json");
  }
  for (const assertion of config.jsonAssertions) {
    const outcome = evaluateJsonAssertion(document, assertion);
    if (!outcome.ok) return down(outcome.reason, "json");
  }
  return null;
}

/**
 * Judges the final response: status rules first, then (reading the body up to the cap, and only
 * when they need it) the keyword and the JSON assertions. Cancels the body otherwise.
 */
export async function judgeHttpResponse(config: HttpCheckConfig, response: Response): Promise<HttpVerdict> {
  if (!isStatusAccepted(response.status, config.acceptedStatusCodes)) {
    response.body?.cancel().catch(() => undefined);
    return down(`status ${response.status}, expected ${config.acceptedStatusCodes.join(", ")}`, "status");
  }
  if (config.keyword === null && config.jsonAssertions.length === 0) {
    response.body?.cancel().catch(() => undefined);
    return { status: "up", reason: `status ${response.status}`, errorCode: null };
  }
  const { text, truncated } = await readCappedBody(response.body, MONITOR_LIMITS.responseBodyCapBytes);
  return (
    judgeKeyword(config, text, truncated) ??
    judgeJson(config, text, truncated) ?? { status: "up", reason: `status ${response.status}`, errorCode: null }
  );
}

/** Degraded when the certificate is within the warning window (or expired, with TLS errors ignored). */
export function judgeCertificate(
  certificate: CertificateInfo | null,
  warningDays: number,
  now: Date,
): HttpVerdict | null {
  if (!certificate || warningDays <= 0) return null;
  const days = certificateDaysRemaining(certificate.expiresAt, now);
  if (days >= warningDays) return null;
  const date = certificate.expiresAt.toISOString().slice(0, 10);
  if (certificate.expiresAt.getTime() <= now.getTime()) {
    return { status: "degraded", reason: `certificate expired on ${date}`, errorCode: "certificate_expired" };
  }
  const inDays = days === 0 ? "less than a day" : days === 1 ? "1 day" : `${days} days`;
  return {
    status: "degraded",
    reason: `certificate expires in ${inDays} (${date})`,
    errorCode: "certificate_expiring",
  };
}
