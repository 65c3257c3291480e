import {
  AddressNotAllowedError,
  type AddressPolicy,
  HostResolutionError,
  resolveVettedAddresses,
} from "@pingpilot/checks";
import { Agent, buildConnector, request } from "undici";
import type { SendOutcome } from "./channel.ts";

export interface PostOptions {
  policy: AddressPolicy;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Now, in epoch milliseconds (from the clock), to read a `Retry-After` date. */
  nowMs: number;
}

/** How much of an error answer is kept for the delivery log. */
const maxErrorBody = 300;

/**
 * An agent whose every connection goes to an address the policy allows: the host is resolved, every
 * address vetted, and the socket opened to exactly the vetted one (the name stays for TLS), so a
 * channel URL cannot reach loopback, private or metadata addresses, not even through DNS rebinding.
 */
function vettedAgent(policy: AddressPolicy, timeoutMs: number, signal: AbortSignal): Agent {
  const connector = buildConnector({ timeout: timeoutMs, allowH2: false });
  return new Agent({
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect(options, callback) {
      resolveVettedAddresses(options.hostname, policy, signal).then(
        (addresses) => {
          const target = addresses[0];
          if (!target) return callback(new Error(`no address for ${options.hostname}`), null);
          const servername = target.address === options.hostname ? undefined : options.hostname;
          connector({ ...options, hostname: target.address, ...(servername ? { servername } : {}) }, callback);
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
      );
    },
  });
}

/** Seconds or an HTTP date, as in `Retry-After`. */
function retryAfterMs(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

function networkError(error: unknown, timedOut: boolean, timeoutMs: number): SendOutcome {
  if (timedOut) return { ok: false, retryable: true, statusCode: null, error: `timeout after ${timeoutMs} ms` };
  if (error instanceof AddressNotAllowedError) {
    return { ok: false, retryable: false, statusCode: null, error: error.message };
  }
  if (error instanceof HostResolutionError) {
    return { ok: false, retryable: true, statusCode: null, error: error.message };
  }
  const code = (error as { code?: unknown }).code;
  const reason =
    code === "ECONNREFUSED"
      ? "connection refused"
      : code === "ECONNRESET" || code === "UND_ERR_SOCKET"
        ? "connection reset"
        : error instanceof Error
          ? error.message
          : String(error);
  return { ok: false, retryable: true, statusCode: null, error: reason };
}

/**
 * POSTs a JSON body to a channel URL under the address rules, within a timeout, without following
 * redirects. Never throws: the outcome says whether it worked and whether to retry.
 */
export async function postJson(url: string, body: string, options: PostOptions): Promise<SendOutcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const agent = vettedAgent(options.policy, options.timeoutMs, signal);
  try {
    const response = await request(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...options.headers },
      dispatcher: agent,
      signal,
    });
    const text = (await response.body.text()).slice(0, maxErrorBody);
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { ok: true, statusCode: status };
    if (status >= 300 && status < 400) {
      return {
        ok: false,
        retryable: false,
        statusCode: status,
        error: `answered ${status}: redirects are not followed`,
      };
    }
    const wait = retryAfterMs(response.headers["retry-after"], options.nowMs);
    return {
      ok: false,
      retryable: isRetryableStatus(status),
      statusCode: status,
      error: `answered ${status}${text ? `: ${text.replace(/\s+/g, " ").trim()}` : ""}`,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  } catch (error) {
    return networkError(error, timeout.aborted, options.timeoutMs);
  } finally {
    agent.destroy().catch(() => undefined);
  }
}

export const NOTIFICATIONS_USER_AGENT = "PingPilot-Notifications/1.0";

/** Chat webhook URLs are secrets (anyone holding one can post): show the host and the last characters. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/…${url.slice(-4)}`;
  } catch {
    return "…";
  }
}
