import { createHmac } from "node:crypto";
import { createClient, createSessionClient, type PingPilotClient } from "@pingpilot/client";
import { devJwtKey } from "@pingpilot/config";
import { manualClock } from "@pingpilot/domain";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CookieJar, cookieJar, errorCodeOf, password, type RegisteredUser, registerUser } from "./auth-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

const windowMs = 900_000;
const clock = manualClock(new Date("2026-06-01T00:00:00Z"));
// Free failures are set high here so the lock-out limits can be reached without waiting; the
// progressive delay has its own API below.
const env = {
  TRUST_PROXY: "true",
  RATE_LIMIT_WINDOW_SECONDS: String(windowMs / 1000),
  RATE_LIMIT_LOGIN_PER_IP: "1000",
  RATE_LIMIT_REGISTER_PER_IP: "1000",
  RATE_LIMIT_LOGIN_PER_ACCOUNT_IP: "4",
  RATE_LIMIT_LOGIN_PER_ACCOUNT: "8",
  RATE_LIMIT_LOGIN_PER_DEVICE: "5",
  RATE_LIMIT_LOGIN_FREE_FAILURES: "100",
};
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ clock, env });
});
afterAll(async () => api.stop());
// Every test starts at the beginning of a window, so no counter resets halfway through one.
beforeEach(() => {
  clock.set(new Date((Math.floor(clock.now().getTime() / windowMs) + 1) * windowMs));
});

let addresses = 0;
/** A client with an address of its own (X-Forwarded-For, trusted here), with or without cookies. */
function clientFrom(target: TestApi, options: { ip?: string; jar?: CookieJar; cookie?: string } = {}) {
  addresses += 1;
  const ip = options.ip ?? `198.51.100.${addresses % 250}`;
  return createClient({
    url: target.url,
    headers: { "x-forwarded-for": ip, ...(options.cookie ? { cookie: options.cookie } : {}) },
    ...(options.jar ? { fetch: options.jar.fetch } : {}),
  });
}

/** A browser that signed in to the account before: it holds the device cookie that login set. */
async function signedInBrowser(
  user: RegisteredUser,
  ip?: string,
): Promise<{ jar: CookieJar; browser: PingPilotClient }> {
  const jar = cookieJar();
  const browser = clientFrom(api, { jar, ...(ip ? { ip } : {}) });
  await browser.auth.login.mutate({ email: user.email, password });
  expect(jar.cookies.get("pp_device")).toBeDefined();
  return { jar, browser };
}

/** Wrong passwords from ever new addresses (a botnet) until untrusted clients are refused; the codes seen. */
async function attackFromManyAddresses(email: string, attempts: number): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < attempts; i += 1) {
    codes.push(await errorCodeOf(clientFrom(api).auth.login.mutate({ email, password: `guess number ${i}` })));
  }
  return codes;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
function forgeJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: string | Buffer): string {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  return `${unsigned}.${createHmac("sha256", key).update(unsigned).digest("base64url")}`;
}
function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
}

describe("brute force against one account", () => {
  it("ten and more wrong passwords from an attacker do not stop the owner's browser, which signed in before", async () => {
    const owner = await registerUser(api);
    const { jar, browser } = await signedInBrowser(owner);

    const codes = await attackFromManyAddresses(owner.email, 12);
    expect(codes.slice(0, 8)).toEqual(Array(8).fill("UNAUTHORIZED"));
    expect(codes.slice(8)).toEqual(Array(4).fill("TOO_MANY_REQUESTS"));

    const firstCookie = jar.cookies.get("pp_device");
    const login = await browser.auth.login.mutate({ email: owner.email, password });
    expect(login.user.id).toBe(owner.user.id);
    // Each sign-in hands the browser a fresh device cookie.
    expect(jar.cookies.get("pp_device")).not.toBe(firstCookie);
    // The browser keeps working even from the very address the attack came from.
    const sameAddress = clientFrom(api, { ip: "198.51.100.1", jar });
    expect((await sameAddress.auth.login.mutate({ email: owner.email, password })).user.id).toBe(owner.user.id);
  });

  it("without a device cookie even the right password is refused once the account limit is used up, until the window ends", async () => {
    const owner = await registerUser(api);
    clock.advance(60_000);
    await attackFromManyAddresses(owner.email, 8);

    const newBrowser = clientFrom(api, { jar: cookieJar() });
    const refused = await newBrowser.auth.login.mutate({ email: owner.email, password }).catch((error: Error) => error);
    expect(refused).toMatchObject({ data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, retryAfterSeconds: 840 } });

    clock.advance(840_000);
    expect((await newBrowser.auth.login.mutate({ email: owner.email, password })).user.id).toBe(owner.user.id);
  });

  it("the per-(account, IP) limit stops one address before the account limit stops every untrusted client", async () => {
    const owner = await registerUser(api);
    const attacker = clientFrom(api, { ip: "203.0.113.7" });
    for (let i = 0; i < 4; i += 1) {
      expect(await errorCodeOf(attacker.auth.login.mutate({ email: owner.email, password: "wrong password" }))).toBe(
        "UNAUTHORIZED",
      );
    }
    expect(await errorCodeOf(attacker.auth.login.mutate({ email: owner.email, password }))).toBe("TOO_MANY_REQUESTS");
    // Another address, never signed in before, still gets in: only four failures hit the account so far.
    expect((await clientFrom(api).auth.login.mutate({ email: owner.email, password })).user.id).toBe(owner.user.id);

    const second = clientFrom(api, { ip: "203.0.113.8" });
    for (let i = 0; i < 4; i += 1) {
      await errorCodeOf(second.auth.login.mutate({ email: owner.email, password: "wrong password" }));
    }
    expect(await errorCodeOf(clientFrom(api).auth.login.mutate({ email: owner.email, password }))).toBe(
      "TOO_MANY_REQUESTS",
    );
  });

  it("a device cookie that fails too often is locked out on its own; the owner's other devices and other clients are not", async () => {
    const owner = await registerUser(api);
    const laptop = await signedInBrowser(owner);
    const phone = await signedInBrowser(owner);
    for (let i = 0; i < 5; i += 1) {
      expect(
        await errorCodeOf(laptop.browser.auth.login.mutate({ email: owner.email, password: "wrong password" })),
      ).toBe("UNAUTHORIZED");
    }
    expect(await errorCodeOf(laptop.browser.auth.login.mutate({ email: owner.email, password }))).toBe(
      "TOO_MANY_REQUESTS",
    );
    expect((await phone.browser.auth.login.mutate({ email: owner.email, password })).user.id).toBe(owner.user.id);
    // The laptop's failures were counted under its cookie only, not against the account.
    expect((await clientFrom(api).auth.login.mutate({ email: owner.email, password })).user.id).toBe(owner.user.id);
  });
});

describe("device cookies", () => {
  it("are httpOnly, SameSite=Strict and scoped to /trpc, and a body login gets the token in the body instead", async () => {
    const owner = await registerUser(api);
    expect(owner.deviceToken).toEqual(expect.any(String));
    const jar = cookieJar();
    const login = await clientFrom(api, { jar }).auth.login.mutate({ email: owner.email, password });
    expect(login.deviceToken).toBeUndefined();
    const line = jar.setCookieLines.find((cookie) => cookie.startsWith("pp_device=")) ?? "";
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Strict/);
    expect(line).toMatch(/; Path=\/trpc/);
    expect(line).toMatch(/; Max-Age=31536000/);
  });

  it("a forged, tampered, expired or another account's device cookie gives no privilege", async () => {
    const shortLived = await startTestApi({ db: api.db, clock, env: { ...env, AUTH_DEVICE_TOKEN_DAYS: "1" } });
    try {
      const owner = await registerUser(api);
      const other = await registerUser(api);
      const expired = (
        await createClient({ url: shortLived.url }).auth.login.mutate({
          email: owner.email,
          password,
          delivery: "body",
        })
      ).deviceToken;
      clock.set(new Date(clock.now().getTime() + 2 * 86_400_000));

      const genuine = owner.deviceToken ?? "";
      const claims = payloadOf(genuine);
      const header = { alg: "HS256", kid: "dev", typ: "pp-device+jwt" };
      const [otherHeader, , otherSignature] = (other.deviceToken ?? "").split(".");
      const candidates = {
        "another account's": other.deviceToken ?? "",
        "another account's with this account's id pasted in": `${otherHeader}.${base64url({ ...payloadOf(other.deviceToken ?? ""), sub: owner.user.id })}.${otherSignature}`,
        "signed with an unknown key": forgeJwt(header, { ...claims, jti: "forged-1" }, "x".repeat(48)),
        "signed with the access-token key itself": forgeJwt(header, { ...claims, jti: "forged-2" }, devJwtKey.secret),
        unsigned: `${base64url({ alg: "none", typ: "pp-device+jwt", kid: "dev" })}.${base64url(claims)}.`,
        "an access token": owner.accessToken,
        expired: expired ?? "",
      };

      await attackFromManyAddresses(owner.email, 8);
      for (const [what, token] of Object.entries(candidates)) {
        const viaCookie = clientFrom(api, { cookie: `pp_device=${token}` });
        expect(await errorCodeOf(viaCookie.auth.login.mutate({ email: owner.email, password })), what).toBe(
          "TOO_MANY_REQUESTS",
        );
        const viaBody = clientFrom(api).auth.login.mutate({ email: owner.email, password, deviceToken: token });
        expect(await errorCodeOf(viaBody), what).toBe("TOO_MANY_REQUESTS");
      }
      // The genuine one, from the same kind of client, does get in (so the refusals above are the tokens').
      const trusted = clientFrom(api, { cookie: `pp_device=${genuine}` });
      expect((await trusted.auth.login.mutate({ email: owner.email, password })).user.id).toBe(owner.user.id);
    } finally {
      await shortLived.stop();
    }
  });

  it("scripts: createSessionClient keeps its device token and stays trusted across runs", async () => {
    const owner = await registerUser(api);
    const firstRun = createSessionClient({ url: api.url, headers: { "x-forwarded-for": "192.0.2.10" } });
    await firstRun.login(owner.email, password);
    const saved = firstRun.deviceToken;
    expect(saved).toEqual(expect.any(String));

    await attackFromManyAddresses(owner.email, 8);
    const withoutToken = createSessionClient({ url: api.url, headers: { "x-forwarded-for": "192.0.2.10" } });
    expect(await errorCodeOf(withoutToken.login(owner.email, password))).toBe("TOO_MANY_REQUESTS");

    const nextRun = createSessionClient({
      url: api.url,
      headers: { "x-forwarded-for": "192.0.2.10" },
      ...(saved ? { deviceToken: saved } : {}),
    });
    expect((await nextRun.login(owner.email, password)).id).toBe(owner.user.id);
    expect(nextRun.deviceToken).not.toBe(saved);
    expect(await nextRun.client.auth.me.query()).toMatchObject({ email: owner.email });
  });
});

describe("progressive delay", () => {
  it("each failure past the free ones makes the next attempt wait twice as long: 10 s, 20 s, 40 s", async () => {
    const slow = await startTestApi({
      db: api.db,
      clock,
      env: {
        ...env,
        RATE_LIMIT_LOGIN_PER_ACCOUNT_IP: "50",
        RATE_LIMIT_LOGIN_PER_ACCOUNT: "50",
        RATE_LIMIT_LOGIN_FREE_FAILURES: "2",
        RATE_LIMIT_LOGIN_DELAY_SECONDS: "10",
      },
    });
    try {
      const owner = await registerUser(slow);
      const client = clientFrom(slow);
      const wrong = { email: owner.email, password: "wrong password" };
      expect(await errorCodeOf(client.auth.login.mutate(wrong))).toBe("UNAUTHORIZED");
      expect(await errorCodeOf(client.auth.login.mutate(wrong))).toBe("UNAUTHORIZED");
      const waits: unknown[] = [];
      for (const delay of [10, 20, 40]) {
        expect(await errorCodeOf(client.auth.login.mutate(wrong))).toBe("UNAUTHORIZED");
        const refused = await client.auth.login.mutate({ email: owner.email, password }).catch((error: Error) => error);
        waits.push((refused as { data?: { retryAfterSeconds?: unknown } }).data?.retryAfterSeconds);
        clock.advance((delay - 1) * 1000);
        expect(await errorCodeOf(client.auth.login.mutate({ email: owner.email, password }))).toBe("TOO_MANY_REQUESTS");
        clock.advance(1000);
      }
      expect(waits).toEqual([10, 20, 40]);
      expect((await client.auth.login.mutate({ email: owner.email, password })).user.id).toBe(owner.user.id);
    } finally {
      await slow.stop();
    }
  });
});
