import type { CheckErrorCode } from "@pingpilot/domain";
import {
  AddressNotAllowedError,
  CheckCancelledError,
  CheckTimeoutError,
  formatDuration,
  HostResolutionError,
  RedirectError,
} from "./check-errors.ts";

export interface CheckFailure {
  reason: string;
  errorCode: CheckErrorCode;
}

const BY_CODE: Record<string, CheckFailure> = {
  ECONNREFUSED: { reason: "connection refused", errorCode: "connection_refused" },
  ECONNRESET: { reason: "connection reset by the server", errorCode: "connection_reset" },
  EPIPE: { reason: "connection reset by the server", errorCode: "connection_reset" },
  UND_ERR_SOCKET: { reason: "connection closed by the server", errorCode: "connection_reset" },
  EHOSTUNREACH: { reason: "host unreachable", errorCode: "unreachable" },
  ENETUNREACH: { reason: "network unreachable", errorCode: "unreachable" },
  EADDRNOTAVAIL: { reason: "address not available", errorCode: "unreachable" },
  CERT_HAS_EXPIRED: { reason: "certificate expired", errorCode: "certificate_expired" },
  CERT_NOT_YET_VALID: { reason: "certificate not yet valid", errorCode: "tls" },
  DEPTH_ZERO_SELF_SIGNED_CERT: { reason: "self-signed certificate", errorCode: "tls" },
  SELF_SIGNED_CERT_IN_CHAIN: { reason: "self-signed certificate in the chain", errorCode: "tls" },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { reason: "certificate not trusted (unknown issuer)", errorCode: "tls" },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: { reason: "certificate not trusted (unknown issuer)", errorCode: "tls" },
  UNABLE_TO_GET_ISSUER_CERT: { reason: "certificate not trusted (unknown issuer)", errorCode: "tls" },
  ERR_TLS_CERT_ALTNAME_INVALID: { reason: "certificate does not match the host name", errorCode: "tls" },
  CERT_REVOKED: { reason: "certificate revoked", errorCode: "tls" },
  EPROTO: { reason: "TLS handshake failed", errorCode: "tls" },
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: { reason: "invalid HTTP response (length mismatch)", errorCode: "protocol" },
};

const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "ETIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** The error, its causes, and the members of AggregateErrors, outermost first. */
function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < 20) {
    const current = queue.shift();
    if (current === undefined || current === null || chain.includes(current)) continue;
    chain.push(current);
    if (current instanceof AggregateError) queue.push(...current.errors);
    if (current instanceof Error && "cause" in current) queue.push(current.cause);
  }
  return chain;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Turns whatever a check threw into a short reason and a machine code. Our own errors win over the
 * transport's (a timeout aborts the fetch, and the fetch then reports an abort).
 */
export function describeCheckError(error: unknown, timeoutMs: number): CheckFailure {
  const chain = errorChain(error);
  for (const item of chain) {
    if (item instanceof CheckTimeoutError) return { reason: item.message, errorCode: "timeout" };
    if (item instanceof CheckCancelledError) return { reason: item.message, errorCode: "cancelled" };
    if (item instanceof AddressNotAllowedError) return { reason: item.reason, errorCode: "address_not_allowed" };
    if (item instanceof HostResolutionError) return { reason: item.message, errorCode: "dns" };
    if (item instanceof RedirectError) {
      return { reason: item.message, errorCode: item.tooMany ? "too_many_redirects" : "protocol" };
    }
  }
  for (const item of chain) {
    const code = codeOf(item);
    if (code === undefined) continue;
    const known = BY_CODE[code];
    if (known) return known;
    if (TIMEOUT_CODES.has(code)) return { reason: `timeout after ${formatDuration(timeoutMs)}`, errorCode: "timeout" };
    if (code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_"))
      return { reason: "TLS handshake failed", errorCode: "tls" };
    if (code.startsWith("HPE_")) return { reason: "invalid HTTP response", errorCode: "protocol" };
  }
  const last = chain.at(-1);
  const message = last instanceof Error ? last.message : String(last);
  return { reason: `check failed: ${message}`.slice(0, 200), errorCode: "unknown" };
}
