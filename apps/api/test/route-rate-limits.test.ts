import { isClientError } from "@pingpilot/client";
import { manualClock } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearerClient, errorCodeOf, registerUser } from "./auth-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

// A minute boundary: windows are one minute long, so the expected waits are exact.
const clock = manualClock(new Date("2026-07-01T00:00:00Z"));
const env = {
  RATE_LIMIT_READS_PER_MINUTE: "3",
  RATE_LIMIT_WRITES_PER_MINUTE: "2",
  RATE_LIMIT_PUBLIC_PER_MINUTE: "4",
  RATE_LIMIT_REGISTER_PER_IP: "1000",
};
let api: TestApi;
let secondProcess: TestApi;

beforeAll(async () => {
  api = await startTestApi({ clock, env });
  secondProcess = await startTestApi({ clock, env, db: api.db });
});
afterAll(async () => {
  await secondProcess.stop();
  await api.stop();
});

/** The next call starts in a fresh one-minute window. */
function nextWindow(): void {
  clock.advance(60_000);
}

async function rejectionOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("per-minute limits on reads, writes and public routes", () => {
  it("a user's reads are limited across API processes sharing the database, and the refusal says how long to wait", async () => {
    nextWindow();
    const user = await registerUser(api);
    const one = bearerClient(api, user.accessToken);
    const two = bearerClient(secondProcess, user.accessToken);
    await one.apiKey.list.query();
    await two.session.list.query();
    await one.apiKey.list.query();
    clock.advance(15_000);
    const refused = await rejectionOf(two.apiKey.list.query());
    expect(isClientError(refused)).toBe(true);
    expect(refused).toMatchObject({ data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, retryAfterSeconds: 45 } });

    const otherUser = await registerUser(secondProcess);
    expect(await otherUser.client.apiKey.list.query()).toEqual([]);

    clock.advance(45_000);
    expect(await two.apiKey.list.query()).toEqual([]);
  });

  it("reads and writes are counted separately", async () => {
    nextWindow();
    const user = await registerUser(api);
    const one = bearerClient(api, user.accessToken);
    const two = bearerClient(secondProcess, user.accessToken);
    for (let i = 0; i < 3; i += 1) await one.apiKey.list.query();
    expect(await errorCodeOf(two.apiKey.list.query())).toBe("TOO_MANY_REQUESTS");

    await one.apiKey.create.mutate({ name: "first", scope: "read" });
    await two.apiKey.create.mutate({ name: "second", scope: "read" });
    expect(await errorCodeOf(one.apiKey.create.mutate({ name: "third", scope: "read" }))).toBe("TOO_MANY_REQUESTS");
  });

  it("REST calls count as the user's reads too: 429 with Retry-After once they are used up", async () => {
    nextWindow();
    const user = await registerUser(api);
    const headers = { authorization: `Bearer ${user.accessToken}` };
    for (const url of [api.url, secondProcess.url, api.url]) {
      expect((await fetch(`${url}/api/v1/monitors`, { headers })).status).toBe(200);
    }
    const refused = await fetch(`${secondProcess.url}/api/v1/monitors`, { headers });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(await refused.json()).toMatchObject({ error: { code: "TOO_MANY_REQUESTS" } });
  });

  it("the public routes are limited per client IP across API processes, with 429 and Retry-After", async () => {
    nextWindow();
    const targets = [api.url, secondProcess.url, api.url, secondProcess.url];
    for (const url of targets) expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    const refused = await fetch(`${api.url}/docs/`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(await refused.json()).toEqual({
      error: { code: "TOO_MANY_REQUESTS", message: "Too many requests, try again later" },
    });
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  });
});
