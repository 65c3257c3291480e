import { createClient } from "@pingpilot/client";
import { manualClock } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodeOf, password, registerUser, uniqueEmail } from "./auth-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

// Midnight UTC: a window boundary for the 15-minute windows, so the expected waits are exact.
const clock = manualClock(new Date("2026-06-01T00:00:00Z"));
const env = {
  RATE_LIMIT_WINDOW_SECONDS: "900",
  RATE_LIMIT_LOGIN_PER_IP: "100",
  RATE_LIMIT_LOGIN_PER_ACCOUNT: "3",
  RATE_LIMIT_REGISTER_PER_IP: "100",
  RATE_LIMIT_REFRESH_PER_ACCOUNT: "2",
  RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT: "2",
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

/** A client that remembers the last response's Retry-After header. */
function watchingClient(url: string) {
  const seen: { retryAfter: string | null } = { retryAfter: null };
  const client = createClient({
    url,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      seen.retryAfter = response.headers.get("retry-after");
      return response;
    },
  });
  return { client, seen };
}

describe("abuse limits", () => {
  it("too many logins for one account get TOO_MANY_REQUESTS with a retry-after, even with the right password", async () => {
    const user = await registerUser(api);
    const { client, seen } = watchingClient(api.url);
    clock.advance(60_000);
    for (let i = 0; i < 3; i += 1) {
      expect(await errorCodeOf(client.auth.login.mutate({ email: user.email, password: "wrong password" }))).toBe(
        "UNAUTHORIZED",
      );
    }
    const limited = await client.auth.login.mutate({ email: user.email, password }).catch((error: Error) => error);
    expect(limited).toMatchObject({
      message: "Too many requests, try again later",
      data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, retryAfterSeconds: 840 },
    });
    expect(seen.retryAfter).toBe("840");

    clock.advance(840_000);
    const login = await client.auth.login.mutate({ email: user.email, password });
    expect(login.user.id).toBe(user.user.id);
  });

  it("the limit holds across API processes sharing the database", async () => {
    const user = await registerUser(api);
    const one = createClient({ url: api.url });
    const two = createClient({ url: secondProcess.url });
    // Only wrong passwords count against an account: signing in works as often as needed.
    for (let i = 0; i < 3; i += 1) await one.auth.login.mutate({ email: user.email, password });
    const wrong = { email: user.email, password: "wrong password" };
    expect(await errorCodeOf(one.auth.login.mutate(wrong))).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(two.auth.login.mutate(wrong))).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(one.auth.login.mutate(wrong))).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(two.auth.login.mutate({ email: user.email, password }))).toBe("TOO_MANY_REQUESTS");
    clock.advance(900_000);
  });

  it("registrations, refreshes and reset requests are limited too", async () => {
    const limitedApi = await startTestApi({ clock, env: { ...env, RATE_LIMIT_REGISTER_PER_IP: "2" } });
    try {
      const anonymous = createClient({ url: limitedApi.url });
      await anonymous.auth.register.mutate({ email: uniqueEmail(), password });
      await anonymous.auth.register.mutate({ email: uniqueEmail(), password });
      expect(await errorCodeOf(anonymous.auth.register.mutate({ email: uniqueEmail(), password }))).toBe(
        "TOO_MANY_REQUESTS",
      );
    } finally {
      await limitedApi.stop();
    }

    const user = await registerUser(api);
    const anonymous = createClient({ url: api.url });
    const first = await anonymous.auth.refresh.mutate({ refreshToken: user.refreshToken });
    const second = await anonymous.auth.refresh.mutate({ refreshToken: first.refreshToken ?? "" });
    expect(await errorCodeOf(anonymous.auth.refresh.mutate({ refreshToken: second.refreshToken ?? "" }))).toBe(
      "TOO_MANY_REQUESTS",
    );
    // Being limited is not a reuse: once the window is over, the same token still works.
    clock.advance(900_000);
    await anonymous.auth.refresh.mutate({ refreshToken: second.refreshToken ?? "" });

    await anonymous.auth.passwordReset.request.mutate({ email: user.email });
    await anonymous.auth.passwordReset.request.mutate({ email: user.email });
    expect(await errorCodeOf(anonymous.auth.passwordReset.request.mutate({ email: user.email }))).toBe(
      "TOO_MANY_REQUESTS",
    );
  });
});
