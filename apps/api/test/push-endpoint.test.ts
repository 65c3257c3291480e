import { createClient, type MonitorView, type PingPilotClient } from "@pingpilot/client";
import { manualClock } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser } from "./auth-helpers.ts";
import { heartbeatMonitorInput, httpMonitorInput } from "./monitor-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

const clock = manualClock(new Date("2026-06-01T02:00:00.000Z"));
let api: TestApi;
let client: PingPilotClient;
beforeAll(async () => {
  api = await startTestApi({ clock, env: { RATE_LIMIT_REGISTER_PER_IP: "1000" } });
  const user = await registerUser(api);
  const { key } = await user.client.apiKey.create.mutate({ name: "tests", scope: "full" });
  client = createClient({ url: api.url, apiKey: key });
});
afterAll(async () => api.stop());

/** The push URL on the test server (PUBLIC_URL is not where the test API listens). */
function pushUrl(monitor: MonitorView, suffix = ""): string {
  const token = monitor.heartbeat?.pushUrl.split("/push/")[1];
  if (!token) throw new Error("not a heartbeat monitor");
  return `${api.url}/push/${token}${suffix}`;
}

/** What `curl -fsS -m 10 --retry 3 <url>` sends from a crontab: a bare GET. */
async function curl(url: string, init: RequestInit = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(url, { ...init, headers: { "user-agent": "curl/8.5.0", ...init.headers } });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

async function results(monitor: MonitorView) {
  return (await client.monitor.results.query({ id: monitor.id })).items;
}

describe("heartbeat push endpoint", () => {
  it("a cron job's ping answers OK, brings the monitor up and moves its deadline to the next period plus grace", async () => {
    const monitor = await client.monitor.create.mutate(heartbeatMonitorInput({ name: "backup" }));
    const response = await curl(pushUrl(monitor));
    expect(response).toMatchObject({ status: 200, body: "OK\n" });
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);

    const after = await client.monitor.get.query({ id: monitor.id });
    expect(after.status).toBe("up");
    expect(after.lastResult).toMatchObject({ status: "up", reason: "ping received", errorCode: null });
    expect(after.heartbeat).toMatchObject({
      lastPingAt: clock.now(),
      deadlineAt: new Date(clock.now().getTime() + (3_600 + 300) * 1000),
    });
    expect(await results(monitor)).toHaveLength(1);
  });

  it("POST works too, and a short message from the body or ?msg= is kept with the result, capped", async () => {
    const monitor = await client.monitor.create.mutate(heartbeatMonitorInput({ name: "messages" }));
    await curl(pushUrl(monitor), { method: "POST", body: "backup done: 3 GB\n" });
    clock.advance(1_000);
    await curl(`${pushUrl(monitor)}?msg=${encodeURIComponent("from the query")}`);
    clock.advance(1_000);
    await curl(pushUrl(monitor), { method: "POST", body: "x".repeat(5_000) });
    const [long, query, body] = await results(monitor);
    expect(body?.reason).toBe("ping received: backup done: 3 GB");
    expect(query?.reason).toBe("ping received: from the query");
    expect(long?.reason).toBe(`ping received: ${"x".repeat(200)}`);
  });

  it("/fail takes the monitor down and opens an incident at once, whatever its retries", async () => {
    const monitor = await client.monitor.create.mutate(heartbeatMonitorInput({ retriesBeforeIncident: 3 }));
    expect(await curl(pushUrl(monitor, "/fail"), { method: "POST", body: "disk full" })).toMatchObject({
      status: 200,
      body: "OK\n",
    });
    const after = await client.monitor.get.query({ id: monitor.id });
    expect(after.status).toBe("down");
    expect(after.lastResult).toMatchObject({ reason: "failure reported: disk full", errorCode: "heartbeat_failed" });
    const incidents = await client.monitor.incidents.query({ id: monitor.id });
    expect(incidents.items).toEqual([
      expect.objectContaining({ status: "open", firstError: "failure reported: disk full" }),
    ]);
    expect(await api.db.models.MonitorEvent.countDocuments({ monitorId: monitor.id, type: "incident_opened" })).toBe(1);
  });

  it("an exit code reports the job's outcome: non-zero fails, zero succeeds and resolves the incident", async () => {
    const monitor = await client.monitor.create.mutate(heartbeatMonitorInput({ name: "exit codes" }));
    expect((await curl(pushUrl(monitor, "/3"))).status).toBe(200);
    expect(await client.monitor.get.query({ id: monitor.id })).toMatchObject({ status: "down" });
    clock.advance(60_000);
    expect((await curl(pushUrl(monitor, "/0"))).status).toBe(200);
    const after = await client.monitor.get.query({ id: monitor.id });
    expect(after).toMatchObject({ status: "up", openIncidentId: null });
    expect((await results(monitor)).map((result) => result.reason)).toEqual(["exit code 0", "exit code 3"]);
    const [incident] = (await client.monitor.incidents.query({ id: monitor.id })).items;
    expect(incident).toMatchObject({ status: "resolved", durationSeconds: 60 });

    for (const bad of ["/256", "/-1", "/abc", "/1/extra"]) expect((await curl(pushUrl(monitor, bad))).status).toBe(404);
  });

  it("/start notes the run; the next ping records how long the run took", async () => {
    const monitor = await client.monitor.create.mutate(heartbeatMonitorInput({ name: "timed" }));
    expect(await curl(pushUrl(monitor, "/start"))).toMatchObject({ status: 200, body: "OK\n" });
    const started = await client.monitor.get.query({ id: monitor.id });
    expect(started.heartbeat?.lastStartAt).toEqual(clock.now());
    expect(started.status).toBe("pending");
    expect(await results(monitor)).toEqual([]);

    clock.advance(90_000);
    await curl(pushUrl(monitor));
    expect((await results(monitor))[0]?.responseTimeMs).toBe(90_000);
    // A ping without a new start has no duration.
    clock.advance(3_600_000);
    await curl(pushUrl(monitor));
    expect((await results(monitor))[0]?.responseTimeMs).toBeNull();
  });

  it("an unknown token, a malformed one and another monitor type's token all get the same bare 404", async () => {
    const web = await client.monitor.create.mutate(httpMonitorInput({ name: "web has no push url" }));
    const webToken = (await api.db.models.Monitor.findById(web.id).lean())?.pushToken;
    const answers = await Promise.all(
      [`${"A".repeat(24)}`, "not-a-token", `${webToken}`, `${"B".repeat(24)}/fail`].map((token) =>
        curl(`${api.url}/push/${token}`),
      ),
    );
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 404, body: "Not found\n" });
    }
    expect((await results(web)).length).toBe(0);
  });

  it("pings to a paused monitor are acknowledged and change nothing", async () => {
    const monitor = await client.monitor.create.mutate(heartbeatMonitorInput({ name: "paused", paused: true }));
    expect(await curl(pushUrl(monitor))).toMatchObject({ status: 200, body: "OK (monitor paused: ping ignored)\n" });
    expect((await curl(pushUrl(monitor, "/fail"))).status).toBe(200);
    const after = await client.monitor.get.query({ id: monitor.id });
    expect(after).toMatchObject({ status: "paused", lastResult: null });
    expect(after.heartbeat).toMatchObject({ lastPingAt: null, deadlineAt: null });
    expect(await results(monitor)).toEqual([]);
  });

  it("a rotated token stops working at once; the new URL works", async () => {
    const monitor = await client.monitor.create.mutate(heartbeatMonitorInput({ name: "rotated" }));
    const rotated = await client.monitor.rotatePushToken.mutate({ id: monitor.id });
    expect((await curl(pushUrl(monitor))).status).toBe(404);
    expect((await curl(pushUrl(rotated))).status).toBe(200);
  });

  it("a runaway script is slowed down: too many pings for one token get 429 with Retry-After", async () => {
    const monitor = await client.monitor.create.mutate(heartbeatMonitorInput({ name: "chatty" }));
    for (let i = 0; i < 60; i += 1) expect((await curl(pushUrl(monitor))).status).toBe(200);
    const limited = await curl(pushUrl(monitor));
    expect(limited).toMatchObject({ status: 429, body: "Too many requests\n" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    clock.advance(60_000);
    expect((await curl(pushUrl(monitor))).status).toBe(200);
  });

  it("guessing tokens from one address is slowed down too (PUSH_RATE_LIMIT_PER_IP)", async () => {
    const strict = await startTestApi({ db: api.db, clock, env: { PUSH_RATE_LIMIT_PER_IP: "3" } });
    clock.advance(60_000); // a fresh rate-limit window for this address
    try {
      const guesses = [];
      for (let i = 0; i < 4; i += 1) guesses.push(await curl(`${strict.url}/push/${String(i).repeat(24)}`));
      expect(guesses.map((answer) => answer.status)).toEqual([404, 404, 404, 429]);
    } finally {
      await strict.stop();
    }
  });
});
