import { createClient, type PingPilotClient } from "@pingpilot/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerUser } from "./auth-helpers.ts";
import { captureLogs, type LogEntry } from "./log-capture.ts";
import { heartbeatMonitorInput } from "./monitor-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

const logs = captureLogs();
let api: TestApi;
let client: PingPilotClient;
let key: string;
let monitorId: string;
let pushToken: string;
beforeAll(async () => {
  api = await startTestApi({ logger: logs.logger });
  const user = await registerUser(api);
  ({ key } = await user.client.apiKey.create.mutate({ name: "tests", scope: "full" }));
  client = createClient({ url: api.url, apiKey: key });
  const monitor = await client.monitor.create.mutate(heartbeatMonitorInput());
  monitorId = monitor.id;
  pushToken = monitor.heartbeat?.pushUrl.split("/push/")[1] ?? "";
});
afterAll(async () => api.stop());

/** An unexpected failure deep inside: the monitor store throws on its next lookup, as a bug would. */
function breakNextMonitorLookup(message: string): void {
  vi.spyOn(api.db.models.Monitor, "findOne").mockImplementationOnce(() => {
    throw new Error(message);
  });
}

/** Every log line that mentions the cause, once the request's own line has been written. */
async function linesWith(message: string, requestId: string): Promise<LogEntry[]> {
  await vi.waitFor(() => expect(logs.entries().some((entry) => entry.req?.id === requestId)).toBe(true));
  return logs.entries().filter((entry) => JSON.stringify(entry).includes(message));
}

describe("an internal error", () => {
  it("in a tRPC procedure is logged once, with its stack and the request id; the caller sees no detail", async () => {
    breakNextMonitorLookup("trpc cause: monitor store on fire");
    const response = await fetch(
      `${api.url}/trpc/monitor.get?input=${encodeURIComponent(JSON.stringify({ json: { id: monitorId } }))}`,
      {
        headers: { "x-api-key": key, "x-request-id": "req-trpc-500" },
      },
    );
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("on fire");
    const lines = await linesWith("trpc cause: monitor store on fire", "req-trpc-500");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, req: { id: "req-trpc-500" }, res: { statusCode: 500 } });
    expect(lines[0]?.err?.stack).toMatch(/trpc cause: monitor store on fire\n\s+at /);
  });

  it("in a REST call is logged once, with its stack and the request id", async () => {
    breakNextMonitorLookup("rest cause: monitor store on fire");
    const response = await fetch(`${api.url}/api/v1/monitors/${monitorId}`, {
      headers: { "x-api-key": key, "x-request-id": "req-rest-500" },
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" },
    });
    const lines = await linesWith("rest cause: monitor store on fire", "req-rest-500");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, req: { id: "req-rest-500" }, res: { statusCode: 500 } });
    expect(lines[0]?.err?.stack).toMatch(/rest cause: monitor store on fire\n\s+at /);
  });

  it("in a plain Express route (/push) is logged once, with its stack, and answers the documented error shape", async () => {
    breakNextMonitorLookup("push cause: monitor store on fire");
    const response = await fetch(`${api.url}/push/${pushToken}`, { headers: { "x-request-id": "req-push-500" } });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" },
    });
    const lines = await linesWith("push cause: monitor store on fire", "req-push-500");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, req: { id: "req-push-500" }, res: { statusCode: 500 } });
    expect(lines[0]?.err?.stack).toMatch(/push cause: monitor store on fire\n\s+at /);
  });
});

describe("secrets in URLs", () => {
  it("a heartbeat ping's log line shows the route but not the push token, nor secret query parameters", async () => {
    const response = await fetch(`${api.url}/push/${pushToken}/fail?msg=disk&token=tok-secret&api_key=key-secret`, {
      headers: { "x-request-id": "req-push-log" },
    });
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(logs.entries().some((entry) => entry.req?.id === "req-push-log")).toBe(true));
    const line = logs.entries().find((entry) => entry.req?.id === "req-push-log");
    expect(line?.req?.url).toBe("/push/[redacted]/fail?msg=disk&token=[redacted]&api_key=[redacted]");
    for (const secret of [pushToken, "tok-secret", "key-secret"]) expect(logs.text()).not.toContain(secret);
  });
});
