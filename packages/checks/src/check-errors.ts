import { DomainError } from "@pingpilot/domain";

/** Why an address is refused. */
export type AddressRefusal =
  | "loopback"
  | "private"
  | "shared"
  | "link_local"
  | "cloud_metadata"
  | "multicast"
  | "unspecified"
  | "broadcast"
  | "reserved"
  | "unique_local"
  | "special_use";

const REFUSAL_LABELS: Record<AddressRefusal, string> = {
  loopback: "a loopback address",
  private: "a private address",
  shared: "a carrier-grade NAT address",
  link_local: "a link-local address",
  cloud_metadata: "a cloud metadata address",
  multicast: "a multicast address",
  unspecified: "the unspecified address",
  broadcast: "the broadcast address",
  reserved: "a reserved address",
  unique_local: "a unique-local IPv6 address",
  special_use: "a special-use address",
};

/** How a refused name (not an address) is described, and how a self-hoster allows it. */
function nameRefusal(refusal: AddressRefusal, host: string, suffix: string | undefined): string {
  if (refusal === "cloud_metadata") {
    return `${host} is a cloud metadata host: not allowed, and no MONITOR_ADDRESS_ALLOWLIST entry allows it`;
  }
  const what = refusal === "loopback" ? "a loopback name" : `a special-use name (.${suffix ?? host})`;
  const entry = refusal === "loopback" ? `${host} or 127.0.0.1/32` : `${host} or *.${suffix ?? host}`;
  return `${host} is ${what}, not a public host: not allowed unless MONITOR_ADDRESS_ALLOWLIST lists it (${entry})`;
}

/** The allow-list entries that would let this address (reached through `host`) be monitored. */
function addressRemedy(refusal: AddressRefusal, host: string, address: string): string {
  // A metadata address is allowed only by its exact entry, never by a range or by a name resolving to it.
  if (refusal === "cloud_metadata") return `unless MONITOR_ADDRESS_ALLOWLIST lists this exact address (${address})`;
  const entries = address === host ? address : `${host} or ${address}`;
  return `unless MONITOR_ADDRESS_ALLOWLIST lists it (${entries}, or a CIDR range around it)`;
}

/**
 * A monitor may not send traffic to this host or address (SSRF protection). A DomainError with
 * code BAD_REQUEST, so the API edge turns it into a 400 when it is raised on save. `message` says how
 * to allow it (MONITOR_ADDRESS_ALLOWLIST); `reason` is the short form a check result records on every
 * run (the same for a refused name, which is never looked up).
 */
export class AddressNotAllowedError extends DomainError {
  readonly refusal: AddressRefusal;
  readonly host: string;
  readonly address: string | null;
  readonly reason: string;

  /** `suffix`: for a special-use name, the special-use domain it is under (`internal`, `home.arpa`). */
  constructor(refusal: AddressRefusal, host: string, address: string | null, suffix?: string) {
    const what = REFUSAL_LABELS[refusal];
    const reason =
      address === null
        ? nameRefusal(refusal, host, suffix)
        : address === host
          ? `${address} is ${what}: not allowed`
          : `${host} resolves to ${address}, ${what}: not allowed`;
    super("BAD_REQUEST", address === null ? reason : `${reason} ${addressRemedy(refusal, host, address)}`);
    this.refusal = refusal;
    this.host = host;
    this.address = address;
    this.reason = reason;
  }
}

/** The host name could not be resolved. `code` is the resolver's (ENOTFOUND, EAI_AGAIN, ...). */
export class HostResolutionError extends Error {
  readonly code: string;
  readonly host: string;

  constructor(host: string, code: string, options?: ErrorOptions) {
    super(
      code === "ENOTFOUND" || code === "EAI_NONAME" ? `host ${host} not found` : `could not resolve ${host} (${code})`,
      options,
    );
    this.name = "HostResolutionError";
    this.code = code;
    this.host = host;
  }
}

/** The check ran out of time. */
export class CheckTimeoutError extends Error {
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`timeout after ${formatDuration(timeoutMs)}`);
    this.name = "CheckTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted the check (shutdown, monitor deleted). */
export class CheckCancelledError extends Error {
  constructor(options?: ErrorOptions) {
    super("check cancelled", options);
    this.name = "CheckCancelledError";
  }
}

/** The server's certificate failed verification; `code` is OpenSSL's or Node's (CERT_HAS_EXPIRED, ...). */
export class TlsVerificationError extends Error {
  readonly code: string;

  constructor(code: string) {
    super(`TLS verification failed: ${code}`);
    this.name = "TlsVerificationError";
    this.code = code;
  }
}

/** A redirect the check refuses to follow: too many, or to a non-HTTP URL. */
export class RedirectError extends Error {
  readonly tooMany: boolean;

  constructor(message: string, tooMany: boolean) {
    super(message);
    this.name = "RedirectError";
    this.tooMany = tooMany;
  }
}

/** "500 ms", "1.5 s", "10 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}
