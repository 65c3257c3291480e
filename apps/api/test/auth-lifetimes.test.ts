import { createClient, createSessionClient } from "@pingpilot/client";
import { manualClock } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodeOf, password, registerUser } from "./auth-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

const hour = 3_600_000;
const clock = manualClock(new Date("2026-02-01T00:00:00Z"));
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clock, env: { AUTH_REFRESH_IDLE_DAYS: "1", AUTH_REFRESH_ABSOLUTE_DAYS: "3" } });
});
afterAll(async () => api.stop());

describe("session lifetimes", () => {
  it("a session that is used keeps sliding forward, but never past its absolute lifetime", async () => {
    const user = await registerUser(api);
    const anonymous = createClient({ url: api.url });
    let refreshToken = user.refreshToken;
    let last = user.sessionExpiresAt;
    for (let i = 0; i < 3; i += 1) {
      clock.advance(20 * hour);
      const next = await anonymous.auth.refresh.mutate({ refreshToken });
      expect(next.sessionExpiresAt.getTime()).toBeGreaterThan(last.getTime());
      last = next.sessionExpiresAt;
      refreshToken = next.refreshToken ?? "";
    }
    // 60 hours in: the next slide is capped at 72 hours after login.
    expect(last.getTime() - user.sessionExpiresAt.getTime()).toBe(48 * hour);
    clock.advance(11 * hour);
    const capped = await anonymous.auth.refresh.mutate({ refreshToken });
    expect(capped.sessionExpiresAt.getTime() - clock.now().getTime()).toBe(hour);
    clock.advance(hour);
    expect(await errorCodeOf(anonymous.auth.refresh.mutate({ refreshToken: capped.refreshToken ?? "" }))).toBe(
      "UNAUTHORIZED",
    );
  });

  it("a session left unused for longer than the idle lifetime expires", async () => {
    const user = await registerUser(api);
    clock.advance(24 * hour + 1_000);
    const anonymous = createClient({ url: api.url });
    expect(await errorCodeOf(anonymous.auth.refresh.mutate({ refreshToken: user.refreshToken }))).toBe("UNAUTHORIZED");
  });
});

describe("password hashing", () => {
  it("a password hashed with older argon2 parameters is rehashed with the current ones at the next login", async () => {
    const user = await registerUser(api);
    const stored = async () => (await api.db.models.User.findById(user.user.id).lean())?.passwordHash ?? "";
    expect(await stored()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const stronger = await startTestApi({
      db: api.db,
      clock,
      env: { ARGON2_MEMORY_KIB: "24576", ARGON2_TIME_COST: "3" },
    });
    try {
      await createClient({ url: stronger.url }).auth.login.mutate({ email: user.email, password });
      expect(await stored()).toMatch(/^\$argon2id\$v=19\$m=24576,t=3,p=1\$/);
      // Logging in again with the same parameters leaves the hash alone; the password still works everywhere.
      const rehashed = await stored();
      await createClient({ url: stronger.url }).auth.login.mutate({ email: user.email, password });
      expect(await stored()).toBe(rehashed);
    } finally {
      await stronger.stop();
    }
  });
});

describe("script sessions through the client package", () => {
  it("a script logs in with a password, keeps calling while its tokens rotate, and logs out", async () => {
    const scriptApi = await startTestApi({ db: api.db });
    try {
      const user = await registerUser(scriptApi);
      // A margin longer than the token's life makes every call refresh first: rotation under load.
      const session = createSessionClient({ url: scriptApi.url, refreshMarginMs: 20 * 60_000 });
      expect(await session.login(user.email, password)).toMatchObject({ id: user.user.id });
      const first = session.refreshToken;

      // Three calls in separate HTTP requests while the first refresh is still under way.
      const nextTick = () => new Promise((resolve) => setTimeout(resolve, 0));
      const calls = [session.client.auth.me.query()];
      await nextTick();
      calls.push(session.client.auth.me.query());
      await nextTick();
      calls.push(session.client.auth.me.query());
      const answers = await Promise.all(calls);
      expect(answers.map((me) => me.id)).toEqual([user.user.id, user.user.id, user.user.id]);
      expect(session.refreshToken).not.toBe(first);
      // Concurrent calls shared one refresh, so no token was presented twice and the session is intact.
      expect(await api.db.models.SecurityEvent.countDocuments({ userId: user.user.id })).toBe(0);

      const saved = session.refreshToken ?? "";
      const resumed = createSessionClient({ url: scriptApi.url });
      expect(await resumed.resume(saved)).toMatchObject({ id: user.user.id });
      expect(await resumed.client.session.list.query()).toHaveLength(2);

      await resumed.logout();
      expect(await errorCodeOf(resumed.client.auth.me.query())).toBe("UNAUTHORIZED");
    } finally {
      await scriptApi.stop();
    }
  });
});
