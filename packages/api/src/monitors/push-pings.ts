import type { Config } from "@pingpilot/config";
import type { Database } from "@pingpilot/db";
import type { Clock, HeartbeatMonitorConfig } from "@pingpilot/domain";
import { createOutcomeRecorder, heartbeatPingOutcome, type PushSignal } from "@pingpilot/monitoring";
import { createRateLimiter, type RateLimitRule } from "../rate-limit.ts";
import { configOf, type StoredMonitor } from "./monitor-document.ts";

export type { PushSignal } from "@pingpilot/monitoring";

export interface PushPing {
  token: string;
  signal: PushSignal;
  /** A short note from the job (query `msg` or the body); trimmed and capped. */
  message?: string | undefined;
  ip: string;
}

/** `recorded`: a result was stored; `started`: a run start noted; `paused`: acknowledged, nothing changed. */
export type PushOutcome = "recorded" | "started" | "paused" | "not_found";

/** Tokens are 18 random bytes in base64url (see newPushToken): anything else is not one of ours. */
const pushTokenPattern = /^[A-Za-z0-9_-]{24}$/;
/**
 * Pings per minute and token (PUSH_RATE_LIMIT_PER_TOKEN, 60: a job pinging every minute with /start
 * uses 2) and per client IP (PUSH_RATE_LIMIT_PER_IP, 1,200: many jobs behind one NAT share an address,
 * and guessing tokens from one address stays slow).
 */
function pushRules(limits: { perToken: number; perIp: number }): { token: RateLimitRule; ip: RateLimitRule } {
  return {
    token: { name: "push:token", limit: limits.perToken, windowSeconds: 60 },
    ip: { name: "push:ip", limit: limits.perIp, windowSeconds: 60 },
  };
}
export const pushMessageMaxLength = 200;

/** One line of printable text, at most {@link pushMessageMaxLength} characters; undefined when empty. */
export function cleanPushMessage(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed.
  const text = raw.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return text === "" ? undefined : text.slice(0, pushMessageMaxLength);
}

/**
 * The heartbeat push endpoint's logic (the HTTP part is apps/api/src/push-routes.ts). A ping records a
 * check outcome (built by @pingpilot/monitoring's `heartbeatPingOutcome`) through the same recorder as
 * the scheduler — result, state machine, incident, event, daily summary — and moves the deadline to the
 * next expected ping plus grace. `/fail` and a non-zero exit code record a failure that opens an
 * incident at once. `/start` only notes that a run began;
 * the next ping then carries the run's duration as its response time. Paused monitors acknowledge
 * pings and change nothing.
 */
export function createPushPings(deps: { db: Database; clock: Clock; config: Pick<Config, "monitoring"> }) {
  const { db, clock } = deps;
  const rules = pushRules({
    perToken: deps.config.monitoring.pushRateLimitPerToken,
    perIp: deps.config.monitoring.pushRateLimitPerIp,
  });
  const limiter = createRateLimiter(db, clock);
  const recordOutcomes = createOutcomeRecorder({ db, clock });

  return async function handlePing(ping: PushPing): Promise<PushOutcome> {
    if (!pushTokenPattern.test(ping.token)) {
      await limiter.consume(rules.ip, ping.ip);
      return "not_found";
    }
    // One round trip: the lookup and both counters at once. A well-formed unknown token gets a
    // counter too (the per-IP limit bounds how many), and its answer cannot tell it apart.
    const [found] = await Promise.all([
      db.models.Monitor.findOne({ pushToken: ping.token }).lean(),
      limiter.consume(rules.ip, ping.ip),
      limiter.consume(rules.token, ping.token),
    ]);
    // Other monitor types have a token too (the unique index needs one): it is never a push URL.
    if (found?.type !== "heartbeat") return "not_found";
    const monitor = found as StoredMonitor;
    if (monitor.paused) return "paused";

    const now = clock.now();
    if (ping.signal.kind === "start") {
      await db.models.Monitor.updateOne({ _id: monitor._id, paused: false }, { $set: { lastStartAt: now } });
      return "started";
    }
    const config = configOf(monitor) as HeartbeatMonitorConfig;
    await recordOutcomes([
      heartbeatPingOutcome(monitor, config, { signal: ping.signal, message: ping.message, at: now }),
    ]);
    return "recorded";
  };
}

export type HandlePushPing = ReturnType<typeof createPushPings>;
