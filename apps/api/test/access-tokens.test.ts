import { createHmac } from "node:crypto";
import { createClient } from "@pingpilot/client";
import { devJwtKey } from "@pingpilot/config";
import { manualClock } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearerClient, errorCodeOf, password, type RegisteredUser, registerUser } from "./auth-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

const clock = manualClock(new Date("2026-03-01T10:00:00Z"));
let api: TestApi;
let user: RegisteredUser;

beforeAll(async () => {
  api = await startTestApi({ clock });
  user = await registerUser(api);
});
afterAll(async () => api.stop());

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header = "", payload = ""] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString()),
    payload: JSON.parse(Buffer.from(payload, "base64url").toString()),
  };
}

/** Signs header + payload with HMAC by hand, so tests can forge exactly the token they need. */
function forge(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string, hash = "sha256") {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  return `${unsigned}.${createHmac(hash, secret).update(unsigned).digest("base64url")}`;
}

describe("access tokens", () => {
  it("carry kid, iss, aud, sub, iat, exp (15 minutes) and jti, signed with HS256", () => {
    const { header, payload } = decode(user.accessToken);
    expect(header).toEqual({ alg: "HS256", kid: "dev", typ: "JWT" });
    expect(payload).toMatchObject({ iss: "pingpilot", aud: "pingpilot-api", sub: user.user.id });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(900);
    expect(payload.jti).toEqual(expect.any(String));
    expect(payload.sid).toEqual(expect.any(String));
  });

  it("a token forged correctly with the right key is accepted (the forging helper is sound)", async () => {
    const { header, payload } = decode(user.accessToken);
    const token = forge(header, { ...payload, jti: "another" }, devJwtKey.secret);
    expect(await bearerClient(api, token).auth.me.query()).toMatchObject({ id: user.user.id });
  });

  it("an expired token is refused", async () => {
    const fresh = await createClient({ url: api.url }).auth.login.mutate({ email: user.email, password });
    clock.advance(15 * 60_000 + 1_000);
    try {
      expect(await errorCodeOf(bearerClient(api, fresh.accessToken).auth.me.query())).toBe("UNAUTHORIZED");
    } finally {
      clock.advance(-(15 * 60_000 + 1_000));
    }
    expect(await bearerClient(api, fresh.accessToken).auth.me.query()).toMatchObject({ id: user.user.id });
  });

  it("a tampered token is refused", async () => {
    const other = await registerUser(api);
    const [header, , signature] = user.accessToken.split(".");
    const { payload } = decode(user.accessToken);
    const tampered = `${header}.${base64url({ ...payload, sub: other.user.id })}.${signature}`;
    expect(await errorCodeOf(bearerClient(api, tampered).auth.me.query())).toBe("UNAUTHORIZED");
  });

  it("a token for another audience or from another issuer is refused", async () => {
    const { header, payload } = decode(user.accessToken);
    const wrongAudience = forge(header, { ...payload, aud: "some-other-api" }, devJwtKey.secret);
    const wrongIssuer = forge(header, { ...payload, iss: "https://evil.example" }, devJwtKey.secret);
    expect(await errorCodeOf(bearerClient(api, wrongAudience).auth.me.query())).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(bearerClient(api, wrongIssuer).auth.me.query())).toBe("UNAUTHORIZED");
  });

  it('an unsigned token (alg "none") and one signed with another algorithm are refused', async () => {
    const { payload } = decode(user.accessToken);
    const unsigned = `${base64url({ alg: "none", typ: "JWT", kid: "dev" })}.${base64url(payload)}.`;
    const hs512 = forge({ alg: "HS512", typ: "JWT", kid: "dev" }, payload, devJwtKey.secret, "sha512");
    expect(await errorCodeOf(bearerClient(api, unsigned).auth.me.query())).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(bearerClient(api, hs512).auth.me.query())).toBe("UNAUTHORIZED");
  });

  it("a token with an unknown key id is refused", async () => {
    const { header, payload } = decode(user.accessToken);
    const token = forge({ ...header, kid: "not-configured" }, payload, devJwtKey.secret);
    expect(await errorCodeOf(bearerClient(api, token).auth.me.query())).toBe("UNAUTHORIZED");
  });
});

describe("signing key rotation", () => {
  const oldKey = { kid: "2026-01", secret: "o".repeat(40) };
  const newKey = { kid: "2026-04", secret: "n".repeat(40) };

  it("after a new key is put first, tokens signed with the previous key keep working until it is removed", async () => {
    const before = await startTestApi({ db: api.db, clock, env: { AUTH_JWT_KEYS: `${oldKey.kid}:${oldKey.secret}` } });
    const during = await startTestApi({
      db: api.db,
      clock,
      env: { AUTH_JWT_KEYS: `${newKey.kid}:${newKey.secret},${oldKey.kid}:${oldKey.secret}` },
    });
    const after = await startTestApi({ db: api.db, clock, env: { AUTH_JWT_KEYS: `${newKey.kid}:${newKey.secret}` } });
    try {
      const oldToken = (await createClient({ url: before.url }).auth.login.mutate({ email: user.email, password }))
        .accessToken;
      const newToken = (await createClient({ url: during.url }).auth.login.mutate({ email: user.email, password }))
        .accessToken;
      expect(decode(newToken).header.kid).toBe(newKey.kid);

      expect(await bearerClient(during, oldToken).auth.me.query()).toMatchObject({ id: user.user.id });
      expect(await bearerClient(during, newToken).auth.me.query()).toMatchObject({ id: user.user.id });
      expect(await errorCodeOf(bearerClient(after, oldToken).auth.me.query())).toBe("UNAUTHORIZED");
      expect(await bearerClient(after, newToken).auth.me.query()).toMatchObject({ id: user.user.id });
    } finally {
      await Promise.all([before.stop(), during.stop(), after.stop()]);
    }
  });
});
