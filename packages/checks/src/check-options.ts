import type { Clock } from "@pingpilot/domain";
import type { AddressPolicy } from "./address-policy.ts";

export interface CheckOptions {
  /** Aborting it ends the check at once with "check cancelled" (shutdown, monitor deleted). */
  signal?: AbortSignal;
  /** Which addresses a check may reach (see createAddressPolicy). */
  addressPolicy: AddressPolicy;
  /** For `checkedAt` and certificate expiry maths; the system clock by default. */
  clock?: Clock;
  /** Extra CA certificates (PEM) trusted for HTTPS checks, besides the system's. */
  trustedCertificates?: readonly string[];
  /** Sent as User-Agent unless the monitor sets its own. */
  userAgent?: string;
}

export const DEFAULT_USER_AGENT = "PingPilot/0.1 (uptime check)";
