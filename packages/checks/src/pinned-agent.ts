import { rootCertificates, TLSSocket } from "node:tls";
import type { CertificateInfo } from "@pingpilot/domain";
import { Agent, buildConnector } from "undici";
import { resolveVettedAddresses } from "./address-guard.ts";
import type { AddressPolicy } from "./address-policy.ts";
import { TlsVerificationError } from "./check-errors.ts";

export interface PinnedAgentOptions {
  policy: AddressPolicy;
  signal: AbortSignal;
  timeoutMs: number;
  ignoreTlsErrors: boolean;
  /** Extra CA certificates (PEM) trusted besides the system's. */
  trustedCertificates?: readonly string[];
  /** Called with the server certificate of every TLS connection. */
  onCertificate(certificate: CertificateInfo): void;
}

function distinguishedName(fields: Record<string, string | string[] | undefined> | undefined): string {
  if (!fields) return "";
  return ["CN", "O", "OU", "C"]
    .map((key) => {
      const value = fields[key];
      return value === undefined ? undefined : `${key}=${Array.isArray(value) ? value.join("+") : value}`;
    })
    .filter((part) => part !== undefined)
    .join(", ");
}

function certificateOf(socket: TLSSocket): CertificateInfo | undefined {
  const peer = socket.getPeerCertificate();
  if (!peer?.valid_to) return undefined;
  const expiresAt = new Date(peer.valid_to);
  if (Number.isNaN(expiresAt.getTime())) return undefined;
  return {
    expiresAt,
    issuer: distinguishedName(peer.issuer as unknown as Record<string, string>),
    subject: distinguishedName(peer.subject as unknown as Record<string, string>),
  };
}

function authorizationCode(socket: TLSSocket): string {
  const error: unknown = socket.authorizationError;
  if (typeof error === "string") return error;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "UNABLE_TO_VERIFY_LEAF_SIGNATURE";
}

/**
 * An undici Agent for one check. Its connect hook resolves the host, vets every address, and connects
 * to exactly the vetted address (with the host name kept for SNI and certificate checks), so every
 * connection (every redirect hop included) obeys the address rules and DNS rebinding cannot slip past
 * them. TLS is always negotiated without Node rejecting the certificate, so that its expiry can be
 * read even when it is invalid; the hook then refuses the connection itself unless errors are ignored.
 */
export function createPinnedAgent(options: PinnedAgentOptions): Agent {
  const connector = buildConnector({
    rejectUnauthorized: false,
    ...(options.trustedCertificates?.length ? { ca: [...rootCertificates, ...options.trustedCertificates] } : {}),
    maxCachedSessions: 0,
    allowH2: false,
    timeout: options.timeoutMs,
  });
  return new Agent({
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connect(connectOptions, callback) {
      const host = connectOptions.hostname;
      resolveVettedAddresses(host, options.policy, options.signal).then(
        (addresses) => {
          const target = addresses[0];
          if (!target) return callback(new Error(`no address for ${host}`), null);
          const servername = target.address === host ? undefined : host;
          connector(
            { ...connectOptions, hostname: target.address, ...(servername ? { servername } : {}) },
            (...args) => {
              const [error, socket] = args;
              if (error !== null) return callback(error, null);
              if (socket instanceof TLSSocket) {
                const certificate = certificateOf(socket);
                if (certificate) options.onCertificate(certificate);
                if (!options.ignoreTlsErrors && !socket.authorized) {
                  socket.destroy();
                  return callback(new TlsVerificationError(authorizationCode(socket)), null);
                }
              }
              callback(null, socket);
            },
          );
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
      );
    },
  });
}
