import {
  type CertificateInfo,
  type CheckResult,
  type HttpCheckConfig,
  type HttpMethod,
  systemClock,
} from "@pingpilot/domain";
import ky from "ky";
import { type Agent, fetch as undiciFetch } from "undici";
import { RedirectError } from "./check-errors.ts";
import { type CheckOptions, DEFAULT_USER_AGENT } from "./check-options.ts";
import { startDeadline } from "./deadline.ts";
import { describeCheckError } from "./describe-check-error.ts";
import { judgeCertificate, judgeHttpResponse } from "./http-verdict.ts";
import { createPinnedAgent } from "./pinned-agent.ts";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Dropped when a redirect leaves the origin, as browsers do. */
const CREDENTIAL_HEADERS = new Set(["authorization", "cookie", "proxy-authorization"]);

/**
 * ky's `fetch` option, bound to the check's agent. ky builds a global `Request`; undici's own `fetch`
 * (the one that speaks to our undici Agent) needs its parts, not the foreign object.
 */
function fetchThrough(agent: Agent) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const response = await undiciFetch(request.url, {
      method: request.method,
      headers: [...request.headers],
      body: request.body,
      duplex: "half",
      redirect: "manual",
      signal: request.signal,
      dispatcher: agent,
    });
    return response as unknown as Response;
  };
}

interface Hop {
  url: URL;
  method: HttpMethod;
  headers: Record<string, string>;
  body: string | null;
}

function nextHop(hop: Hop, status: number, location: string): Hop {
  const url = new URL(location, hop.url);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new RedirectError(`redirect to a ${url.protocol} URL refused`, false);
  }
  const headers =
    url.origin === hop.url.origin
      ? hop.headers
      : Object.fromEntries(Object.entries(hop.headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase())));
  const becomesGet =
    status === 303 ? hop.method !== "HEAD" : (status === 301 || status === 302) && hop.method === "POST";
  return becomesGet ? { url, headers, method: "GET", body: null } : { ...hop, url, headers };
}

/** Sends the request, following redirects by hand (each hop connects through the vetting agent). */
async function fetchFollowingRedirects(config: HttpCheckConfig, first: Hop, agent: Agent, signal: AbortSignal) {
  const fetch = fetchThrough(agent);
  let hop = first;
  for (let redirects = 0; ; redirects++) {
    const response = await ky(hop.url, {
      method: hop.method,
      headers: hop.headers,
      ...(hop.body === null ? {} : { body: hop.body }),
      redirect: "manual",
      throwHttpErrors: false,
      retry: 0,
      timeout: false,
      signal,
      fetch,
    });
    const location = response.headers.get("location");
    if (!config.followRedirects || !REDIRECT_STATUSES.has(response.status) || location === null) return response;
    response.body?.cancel().catch(() => undefined);
    if (redirects >= config.maxRedirects) {
      throw new RedirectError(`too many redirects (more than ${config.maxRedirects})`, true);
    }
    hop = nextHop(hop, response.status, location);
  }
}

function requestHeaders(config: HttpCheckConfig, userAgent: string): Record<string, string> {
  const hasUserAgent = Object.keys(config.headers).some((name) => name.toLowerCase() === "user-agent");
  return hasUserAgent ? { ...config.headers } : { "user-agent": userAgent, ...config.headers };
}

/**
 * An HTTP(S) check. One deadline covers everything (DNS, connect, TLS, redirects, the body read); no
 * retries (retrying is the scheduler's decision); the response time is the time to the final
 * response's headers. Never throws: every failure becomes a "down" result with a reason.
 */
export async function httpCheck(config: HttpCheckConfig, options: CheckOptions): Promise<CheckResult> {
  const clock = options.clock ?? systemClock;
  const checkedAt = clock.now();
  const deadline = startDeadline(config.timeoutMs, options.signal);
  let certificate: CertificateInfo | null = null;
  const agent = createPinnedAgent({
    policy: options.addressPolicy,
    signal: deadline.signal,
    timeoutMs: config.timeoutMs,
    ignoreTlsErrors: config.ignoreTlsErrors,
    ...(options.trustedCertificates ? { trustedCertificates: options.trustedCertificates } : {}),
    onCertificate: (seen) => {
      // The first connection's certificate is the monitored host's; later hops may be elsewhere.
      certificate ??= seen;
    },
  });
  const started = performance.now();
  let httpStatus: number | null = null;
  try {
    const first: Hop = {
      url: new URL(config.url),
      method: config.method,
      headers: requestHeaders(config, options.userAgent ?? DEFAULT_USER_AGENT),
      body: config.body,
    };
    const response = await deadline.race(fetchFollowingRedirects(config, first, agent, deadline.signal));
    const responseTimeMs = Math.round(performance.now() - started);
    httpStatus = response.status;
    const verdict = await deadline.race(judgeHttpResponse(config, response));
    const final =
      verdict.status === "up"
        ? (judgeCertificate(certificate, config.tlsExpiryWarningDays, clock.now()) ?? verdict)
        : verdict;
    return { ...final, responseTimeMs, httpStatus, certificate, checkedAt };
  } catch (error) {
    const failure = describeCheckError(error, config.timeoutMs);
    return { status: "down", ...failure, responseTimeMs: null, httpStatus, certificate, checkedAt };
  } finally {
    deadline.dispose();
    agent.destroy().catch(() => undefined);
  }
}
