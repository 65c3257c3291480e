import { createHmac, createSign, generateKeyPairSync } from "node:crypto";
import { createClient } from "@pingpilot/client";
import { devJwtKey } from "@pingpilot/config";
import { manualClock } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restOperations } from "../src/rest/rest-operations.ts";
import { bearerClient, errorCodeOf, password, type RegisteredUser, registerUser } from "./auth-helpers.ts";
import { httpMonitorInput } from "./monitor-helpers.ts";
import { allProcedures, callProcedure, publicProcedures } from "./procedure-calls.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

const clock = manualClock(new Date("2026-03-01T10:00:00Z"));
let api: TestApi;
let user: RegisteredUser;

beforeAll(async () => {
  api = await startTestApi({
    clock,
    env: { RATE_LIMIT_REGISTER_PER_IP: "1000", RATE_LIMIT_LOGIN_PER_IP: "1000", RATE_LIMIT_REFRESH_PER_IP: "1000" },
  });
  user = await registerUser(api, { name: "Ada" });
});
afterAll(async () => api.stop());

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
}

function hmacJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: string, hash = "sha256") {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  return `${unsigned}.${createHmac(hash, key).update(unsigned).digest("base64url")}`;
}

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
function rsaJwt(header: Record<string, unknown>, payload: Record<string, unknown>) {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  return `${unsigned}.${createSign("RSA-SHA256").update(unsigned).sign(rsa.privateKey).toString("base64url")}`;
}

const header = { alg: "HS256", kid: "dev", typ: "JWT" };

/**
 * The token is refused with `code` on a query and on a change, and the change did not happen: the
 * account's name and its monitors are as before.
 */
async function expectRefusedWithoutChange(token: string, code: "UNAUTHORIZED" | "FORBIDDEN", what: string) {
  const client = bearerClient(api, token);
  expect(await errorCodeOf(client.auth.me.query()), what).toBe(code);
  expect(await errorCodeOf(client.user.updateProfile.mutate({ name: "Mallory" })), what).toBe(code);
  expect(await errorCodeOf(client.monitor.create.mutate(httpMonitorInput({ name: "planted" }))), what).toBe(code);
}

async function expectAccountUntouched(owner: RegisteredUser, name: string | null) {
  const stored = await api.db.models.User.findById(owner.user.id).lean();
  expect(stored?.name ?? null).toBe(name);
  expect(await api.db.models.Monitor.countDocuments({ userId: owner.user.id })).toBe(0);
}

describe("forged access tokens", () => {
  it("other HMAC algorithms, a wrong key and every spelling of an unsigned token are refused and change nothing", async () => {
    const claims = claimsOf(user.accessToken);
    const forged = {
      HS384: hmacJwt({ ...header, alg: "HS384" }, claims, devJwtKey.secret, "sha384"),
      HS512: hmacJwt({ ...header, alg: "HS512" }, claims, devJwtKey.secret, "sha512"),
      "HS256 with a wrong key under our kid": hmacJwt(header, claims, "w".repeat(48)),
      'alg "none"': `${base64url({ ...header, alg: "none" })}.${base64url(claims)}.`,
      'alg "None"': `${base64url({ ...header, alg: "None" })}.${base64url(claims)}.`,
      'alg "NONE" with a signature': `${base64url({ ...header, alg: "NONE" })}.${base64url(claims)}.c2ln`,
      "no alg at all": hmacJwt({ kid: "dev", typ: "JWT" }, claims, devJwtKey.secret),
      "signature stripped": `${user.accessToken.split(".").slice(0, 2).join(".")}.`,
    };
    for (const [what, token] of Object.entries(forged)) await expectRefusedWithoutChange(token, "UNAUTHORIZED", what);
    await expectAccountUntouched(user, "Ada");
  });

  it("RS256 and other algorithm-confusion attempts are refused: a real RSA signature, HMAC labelled RS256, an embedded jwk, a jku", async () => {
    const claims = claimsOf(user.accessToken);
    const publicJwk = rsa.publicKey.export({ format: "jwk" });
    const forged = {
      "RS256 signed with an attacker's key": rsaJwt({ ...header, alg: "RS256" }, claims),
      "RS256 with the attacker's public key embedded as jwk": rsaJwt(
        { ...header, alg: "RS256", jwk: publicJwk },
        claims,
      ),
      "RS256 pointing at a key URL (jku)": rsaJwt(
        { ...header, alg: "RS256", jku: "https://evil.example/jwks" },
        claims,
      ),
      "HMAC over our secret but labelled RS256": hmacJwt({ ...header, alg: "RS256" }, claims, devJwtKey.secret),
      "HMAC labelled ES256": hmacJwt({ ...header, alg: "ES256" }, claims, devJwtKey.secret),
      "HMAC labelled PS256": hmacJwt({ ...header, alg: "PS256" }, claims, devJwtKey.secret),
      "HMAC keyed with the RSA public key PEM": hmacJwt(
        { ...header, alg: "HS256" },
        claims,
        rsa.publicKey.export({ format: "pem", type: "spki" }).toString(),
      ),
    };
    for (const [what, token] of Object.entries(forged)) await expectRefusedWithoutChange(token, "UNAUTHORIZED", what);
    await expectAccountUntouched(user, "Ada");
  });

  it("a wrong aud, iss, kid or typ, an expired token, a not-yet-valid one and missing claims are refused", async () => {
    const claims = claimsOf(user.accessToken);
    const now = Math.floor(clock.now().getTime() / 1000);
    const { exp: _exp, ...withoutExp } = claims;
    const { sid: _sid, ...withoutSid } = claims;
    const { sub: _sub, ...withoutSub } = claims;
    const forged = {
      "aud of another API": hmacJwt(header, { ...claims, aud: "another-api" }, devJwtKey.secret),
      "iss of another issuer": hmacJwt(header, { ...claims, iss: "https://evil.example" }, devJwtKey.secret),
      "unknown kid": hmacJwt({ ...header, kid: "2099" }, claims, devJwtKey.secret),
      "no kid": hmacJwt({ alg: "HS256", typ: "JWT" }, claims, devJwtKey.secret),
      "typ of a device token": hmacJwt({ ...header, typ: "pp-device+jwt" }, claims, devJwtKey.secret),
      "expired a second ago": hmacJwt(header, { ...claims, iat: now - 901, exp: now - 1 }, devJwtKey.secret),
      "nbf one minute ahead": hmacJwt(header, { ...claims, nbf: now + 60 }, devJwtKey.secret),
      "no exp (never expiring)": hmacJwt(header, withoutExp, devJwtKey.secret),
      "no sid": hmacJwt(header, withoutSid, devJwtKey.secret),
      "no sub": hmacJwt(header, withoutSub, devJwtKey.secret),
      "a device token used as an access token": user.deviceToken ?? "",
    };
    for (const [what, token] of Object.entries(forged)) await expectRefusedWithoutChange(token, "UNAUTHORIZED", what);
    await expectAccountUntouched(user, "Ada");
  });

  it("a correctly signed token pairing one user with another user's session is refused", async () => {
    const other = await registerUser(api);
    const token = hmacJwt(header, { ...claimsOf(user.accessToken), sub: other.user.id }, devJwtKey.secret);
    await expectRefusedWithoutChange(token, "UNAUTHORIZED", "someone else's session");
    await expectAccountUntouched(other, null);
  });
});

describe("refresh tokens", () => {
  it("a rotated refresh token replayed an hour later ends the session: there is no grace period, nothing is issued", async () => {
    const owner = await registerUser(api);
    const anonymous = createClient({ url: api.url });
    const rotated = await anonymous.auth.refresh.mutate({ refreshToken: owner.refreshToken });
    clock.advance(3_600_000);
    const issuedBefore = await api.db.models.RefreshToken.countDocuments({ userId: owner.user.id });
    expect(await errorCodeOf(anonymous.auth.refresh.mutate({ refreshToken: owner.refreshToken }))).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(anonymous.auth.refresh.mutate({ refreshToken: rotated.refreshToken ?? "" }))).toBe(
      "UNAUTHORIZED",
    );
    expect(await api.db.models.RefreshToken.countDocuments({ userId: owner.user.id })).toBe(issuedBefore);
  });

  it("a revoked family (the session signed out elsewhere) refuses its refresh and access tokens and issues nothing", async () => {
    const owner = await registerUser(api);
    const second = await createClient({ url: api.url }).auth.login.mutate({
      email: owner.email,
      password,
      delivery: "body",
    });
    const sessions = await owner.client.session.list.query();
    const other = sessions.find((session) => !session.current);
    await owner.client.session.revoke.mutate({ sessionId: other?.id ?? "" });

    const issuedBefore = await api.db.models.RefreshToken.countDocuments({ userId: owner.user.id });
    const anonymous = createClient({ url: api.url });
    expect(await errorCodeOf(anonymous.auth.refresh.mutate({ refreshToken: second.refreshToken ?? "" }))).toBe(
      "UNAUTHORIZED",
    );
    await expect(bearerClient(api, second.accessToken).auth.me.query()).rejects.toMatchObject({
      data: { code: "UNAUTHORIZED" },
    });
    expect(await api.db.models.RefreshToken.countDocuments({ userId: owner.user.id })).toBe(issuedBefore);
  });
});

describe("accounts that may no longer act", () => {
  it("a disabled user's access token, full API key and refresh token are refused with FORBIDDEN and change nothing", async () => {
    const owner = await registerUser(api, { name: "Disabled" });
    const { key } = await owner.client.apiKey.create.mutate({ name: "ci", scope: "full" });
    // Disabled directly in the database: the sessions stay, so only the per-request check stands guard.
    await api.db.models.User.updateOne({ _id: owner.user.id }, { $set: { disabledAt: clock.now() } });

    await expectRefusedWithoutChange(owner.accessToken, "FORBIDDEN", "access token");
    const script = createClient({ url: api.url, apiKey: key });
    expect(await errorCodeOf(script.monitor.create.mutate(httpMonitorInput()))).toBe("FORBIDDEN");
    expect(await errorCodeOf(script.apiKey.create.mutate({ name: "another", scope: "full" }))).toBe("FORBIDDEN");
    const rest = await fetch(`${api.url}/api/v1/monitors`, {
      method: "POST",
      headers: { "x-api-key": key, "content-type": "application/json" },
      body: JSON.stringify(httpMonitorInput()),
    });
    expect(rest.status).toBe(403);
    expect(
      await errorCodeOf(createClient({ url: api.url }).auth.refresh.mutate({ refreshToken: owner.refreshToken })),
    ).toBe("FORBIDDEN");
    await expectAccountUntouched(owner, "Disabled");
    expect(await api.db.models.ApiKey.countDocuments({ userId: owner.user.id })).toBe(1);
  });

  it("a deleted user's access token, API key and refresh token are refused with UNAUTHORIZED", async () => {
    const owner = await registerUser(api);
    const { key } = await owner.client.apiKey.create.mutate({ name: "ci", scope: "full" });
    await api.db.models.User.deleteOne({ _id: owner.user.id });

    await expectRefusedWithoutChange(owner.accessToken, "UNAUTHORIZED", "access token");
    expect(
      await errorCodeOf(createClient({ url: api.url, apiKey: key }).monitor.create.mutate(httpMonitorInput())),
    ).toBe("UNAUTHORIZED");
    const rest = await fetch(`${api.url}/api/v1/monitors`, { headers: { "x-api-key": key } });
    expect(rest.status).toBe(401);
    expect(
      await errorCodeOf(createClient({ url: api.url }).auth.refresh.mutate({ refreshToken: owner.refreshToken })),
    ).toBe("UNAUTHORIZED");
    expect(await api.db.models.Monitor.countDocuments({ userId: owner.user.id })).toBe(0);
    expect(await api.db.models.User.countDocuments({ _id: owner.user.id })).toBe(0);
  });
});

describe("read-only API keys", () => {
  it("every mutation of the router, over tRPC, and every REST write are refused with FORBIDDEN, and nothing changes", async () => {
    const owner = await registerUser(api, { name: "Reader" });
    const monitor = await owner.client.monitor.create.mutate(httpMonitorInput({ name: "kept" }));
    const { key } = await owner.client.apiKey.create.mutate({ name: "dashboard", scope: "read" });
    const headers = { "x-api-key": key };

    const mutations = allProcedures().filter((entry) => entry.type === "mutation");
    const guarded = mutations.filter((entry) => !publicProcedures.includes(entry.path));
    expect(guarded.length).toBeGreaterThan(20);
    for (const entry of guarded) {
      // A plausible input, so a refusal cannot be mistaken for a validation error.
      const answer = await callProcedure(api, entry, { id: monitor.id, name: "changed" }, headers);
      expect({ path: entry.path, code: answer.code }).toEqual({ path: entry.path, code: "FORBIDDEN" });
    }

    const writes = restOperations.filter((operation) => operation.method !== "get");
    expect(writes.length).toBeGreaterThan(0);
    for (const operation of writes) {
      const response = await fetch(`${api.url}/api/v1${operation.path.replace("{id}", monitor.id)}`, {
        method: operation.method.toUpperCase(),
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(operation.method === "patch" ? { type: "http", name: "changed" } : httpMonitorInput()),
      });
      expect({ operation: operation.operationId, status: response.status }).toEqual({
        operation: operation.operationId,
        status: 403,
      });
    }

    const stored = await api.db.models.Monitor.find({ userId: owner.user.id }).lean();
    expect(stored.map((doc) => [doc.name, doc.paused ?? false])).toEqual([["kept", false]]);
    expect((await api.db.models.User.findById(owner.user.id).lean())?.name).toBe("Reader");
    expect(await api.db.models.ApiKey.countDocuments({ userId: owner.user.id, revokedAt: null })).toBe(1);
    expect(await owner.client.auth.me.query()).toMatchObject({ id: owner.user.id });
  });
});
