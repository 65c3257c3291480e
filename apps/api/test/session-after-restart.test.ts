import type { ChildProcess } from "node:child_process";
import { createClient } from "@pingpilot/client";
import { recordSecret } from "@pingpilot/db/testing";
import { afterEach, expect, it } from "vitest";
import { type AppProcess, apiMain, processDatabaseUri, startAppProcess } from "./app-process.ts";
import { password, uniqueEmail } from "./auth-helpers.ts";
import { secretRecordingFetch } from "./secret-recording-fetch.ts";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

async function listeningApi(mongoUri: string): Promise<{ api: AppProcess; url: string }> {
  const api = startAppProcess(apiMain, mongoUri);
  children.push(api.child);
  await expect.poll(() => api.logs.find((l) => l.msg === "api listening"), { timeout: 20_000 }).toBeDefined();
  return { api, url: String(api.logs.find((l) => l.msg === "api listening")?.url) };
}

it("the API killed and restarted loses no session: the same refresh token and access token still work", async () => {
  const mongoUri = processDatabaseUri();
  const first = await listeningApi(mongoUri);
  const email = uniqueEmail("restart");
  recordSecret("password", password);
  await createClient({ url: first.url, fetch: secretRecordingFetch() }).auth.register.mutate({
    email,
    password,
    delivery: "body",
  });
  const login = await createClient({ url: first.url, fetch: secretRecordingFetch() }).auth.login.mutate({
    email,
    password,
    delivery: "body",
  });

  first.api.child.kill("SIGKILL");
  await first.api.exited;
  const second = await listeningApi(mongoUri);

  const before = createClient({ url: second.url, getAccessToken: () => login.accessToken });
  expect((await before.auth.me.query()).email).toBe(email);
  const refreshed = await createClient({ url: second.url, fetch: secretRecordingFetch() }).auth.refresh.mutate({
    refreshToken: login.refreshToken as string,
    delivery: "body",
  });
  const after = createClient({ url: second.url, getAccessToken: () => refreshed.accessToken });
  expect((await after.auth.me.query()).email).toBe(email);
});
