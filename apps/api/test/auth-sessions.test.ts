import { createClient } from "@pingpilot/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearerClient, cookieJar, errorCodeOf, password, registerUser, uniqueEmail } from "./auth-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({
    env: { RATE_LIMIT_REGISTER_PER_IP: "1000", RATE_LIMIT_LOGIN_PER_IP: "1000", RATE_LIMIT_LOGIN_PER_ACCOUNT: "1000" },
  });
});
afterAll(async () => api.stop());

describe("register, log in, me", () => {
  it("a new account can register, log in with its password and read its own profile", async () => {
    const email = uniqueEmail("ada");
    const anonymous = createClient({ url: api.url });
    const registered = await anonymous.auth.register.mutate({
      email: `  ${email.toUpperCase()} `,
      password,
      name: "Ada",
      timezone: "Europe/Berlin",
    });
    expect(registered.user).toMatchObject({ email, name: "Ada", timezone: "Europe/Berlin", role: "user" });
    expect(registered.refreshToken).toBeUndefined();

    const loggedIn = await anonymous.auth.login.mutate({ email, password, delivery: "body" });
    expect(loggedIn.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(loggedIn.accessTokenExpiresAt.getTime() - Date.now()).toBeLessThanOrEqual(900_000);
    const me = await bearerClient(api, loggedIn.accessToken).auth.me.query();
    expect(me).toEqual(registered.user);
  });

  it("a second account with the same email is refused", async () => {
    const { email } = await registerUser(api);
    const code = await errorCodeOf(createClient({ url: api.url }).auth.register.mutate({ email, password }));
    expect(code).toBe("CONFLICT");
  });

  it("too short a password is refused with a field error", async () => {
    const error = await createClient({ url: api.url })
      .auth.register.mutate({ email: uniqueEmail(), password: "short" })
      .catch((caught: { data?: { code?: string; fieldErrors?: Record<string, string[]> } }) => caught);
    expect(error).toMatchObject({
      data: { code: "BAD_REQUEST", fieldErrors: { password: ["must be at least 10 characters"] } },
    });
  });

  it("an unknown email and a wrong password get the same answer", async () => {
    const { email } = await registerUser(api);
    const anonymous = createClient({ url: api.url });
    const wrongPassword = await anonymous.auth.login.mutate({ email, password: "not the password" }).then(
      () => undefined,
      (e: Error) => e,
    );
    const unknownUser = await anonymous.auth.login
      .mutate({ email: uniqueEmail("nobody"), password: "not the password" })
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(wrongPassword?.message).toBe("Invalid email or password");
    expect(unknownUser?.message).toBe(wrongPassword?.message);
  });

  it("calls without credentials are refused", async () => {
    expect(await errorCodeOf(createClient({ url: api.url }).auth.me.query())).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(bearerClient(api, "not-a-token").auth.me.query())).toBe("UNAUTHORIZED");
  });
});

describe("browser sessions: refresh cookie", () => {
  it("a browser gets an httpOnly SameSite refresh cookie scoped to /trpc and stays signed in through refresh", async () => {
    const { email } = await registerUser(api);
    const jar = cookieJar();
    const browser = createClient({ url: api.url, fetch: jar.fetch, credentials: "include" });
    const login = await browser.auth.login.mutate({ email, password });
    expect(login.refreshToken).toBeUndefined();
    const setCookie = jar.setCookieLines.at(-1) ?? "";
    expect(setCookie).toMatch(/^pp_refresh=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\/trpc/);
    expect(setCookie).not.toMatch(/Secure/);

    const firstCookie = jar.cookies.get("pp_refresh");
    const refreshed = await browser.auth.refresh.mutate();
    expect(jar.cookies.get("pp_refresh")).not.toBe(firstCookie);
    // A script on the page cannot pull the cookie's refresh token into the body.
    const again = await browser.auth.refresh.mutate({ delivery: "body" });
    expect(again.refreshToken).toBeUndefined();
    expect(await bearerClient(api, refreshed.accessToken).auth.me.query()).toMatchObject({ email });

    await browser.auth.logout.mutate();
    expect(jar.cookies.has("pp_refresh")).toBe(false);
    expect(await errorCodeOf(browser.auth.refresh.mutate())).toBe("UNAUTHORIZED");
    // Logging out ends the session at once, not when the access token expires.
    expect(await errorCodeOf(bearerClient(api, refreshed.accessToken).auth.me.query())).toBe("UNAUTHORIZED");
  });
});

describe("browser sessions over https", () => {
  it("behind an https public URL the refresh cookie is Secure and carries the __Secure- prefix", async () => {
    const https = await startTestApi({ db: api.db, env: { PUBLIC_URL: "https://api.pingpilot.example" } });
    try {
      const { email } = await registerUser(https);
      const jar = cookieJar();
      await createClient({ url: https.url, fetch: jar.fetch }).auth.login.mutate({ email, password });
      expect(jar.setCookieLines.at(-1)).toMatch(/^__Secure-pp_refresh=[^;]+; .*Secure/);
    } finally {
      await https.stop();
    }
  });
});

describe("refresh token rotation", () => {
  it("each refresh hands out a new refresh token and the old one stops working", async () => {
    const user = await registerUser(api);
    const anonymous = createClient({ url: api.url });
    const next = await anonymous.auth.refresh.mutate({ refreshToken: user.refreshToken });
    expect(next.refreshToken).toBeDefined();
    expect(next.refreshToken).not.toBe(user.refreshToken);
    const after = await anonymous.auth.refresh.mutate({ refreshToken: next.refreshToken ?? "" });
    expect(after.user.id).toBe(user.user.id);
  });

  it("a refresh token used twice revokes the whole session family and records a security event", async () => {
    const user = await registerUser(api);
    const anonymous = createClient({ url: api.url });
    const rotated = await anonymous.auth.refresh.mutate({ refreshToken: user.refreshToken });

    // Someone replays the old token (a thief, or the victim after the thief used it first).
    expect(await errorCodeOf(anonymous.auth.refresh.mutate({ refreshToken: user.refreshToken }))).toBe("UNAUTHORIZED");

    // The whole family is gone: the newest refresh token and its access token are refused too.
    expect(await errorCodeOf(anonymous.auth.refresh.mutate({ refreshToken: rotated.refreshToken ?? "" }))).toBe(
      "UNAUTHORIZED",
    );
    expect(await errorCodeOf(bearerClient(api, rotated.accessToken).auth.me.query())).toBe("UNAUTHORIZED");

    const events = await api.db.models.SecurityEvent.find({ userId: user.user.id }).lean();
    expect(events.map((event) => event.type)).toEqual(["refresh_token_reuse"]);
    const session = await api.db.models.Session.findOne({ userId: user.user.id }).lean();
    expect(session?.revokedReason).toBe("refresh_token_reuse");
  });

  it("two refreshes racing with one token: only one of them gets new tokens", async () => {
    const user = await registerUser(api);
    const results = await Promise.allSettled([
      createClient({ url: api.url }).auth.refresh.mutate({ refreshToken: user.refreshToken }),
      createClient({ url: api.url }).auth.refresh.mutate({ refreshToken: user.refreshToken }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((result) => result.status === "rejected");
    expect(loser?.reason).toMatchObject({ data: { code: "UNAUTHORIZED" } });
  });
});

describe("sessions", () => {
  it("lists sessions with device, IP and which one is current, and signs out a chosen one", async () => {
    const { email } = await registerUser(api);
    const firefox = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:130.0) Gecko/20100101 Firefox/130.0";
    const laptop = await createClient({ url: api.url, headers: { "user-agent": firefox } }).auth.login.mutate({
      email,
      password,
      delivery: "body",
    });
    const phone = await createClient({ url: api.url }).auth.login.mutate({ email, password, delivery: "body" });

    const sessions = await bearerClient(api, laptop.accessToken).session.list.query();
    expect(sessions).toHaveLength(3);
    const current = sessions.find((session) => session.current);
    expect(current).toMatchObject({
      device: "Firefox on macOS",
      userAgent: firefox,
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });

    const phoneSession = sessions.find(
      (session) => !session.current && session.lastUsedAt >= (current?.createdAt ?? 0),
    );
    expect(phoneSession).toBeDefined();
    await bearerClient(api, laptop.accessToken).session.revoke.mutate({ sessionId: phoneSession?.id ?? "" });
    expect(await errorCodeOf(bearerClient(api, phone.accessToken).auth.me.query())).toBe("UNAUTHORIZED");
    expect(await bearerClient(api, laptop.accessToken).session.list.query()).toHaveLength(2);
  });
});
