import { createClient } from "@pingpilot/client";
import { Types } from "@pingpilot/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookieJar, errorCodeOf, password, registerUser } from "./auth-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api.stop());

/** Documents carrying this userId in any collection of the database (not only the models we know). */
async function documentsOwnedBy(userId: string): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const { name } of await api.db.connection.listCollections()) {
    const count = await api.db.connection.collection(name).countDocuments({ userId: new Types.ObjectId(userId) });
    if (count > 0) found[name] = count;
  }
  return found;
}

describe("deleting an account", () => {
  it("needs the password", async () => {
    const user = await registerUser(api);
    expect(await errorCodeOf(user.client.user.deleteAccount.mutate({ password: "not my password" }))).toBe(
      "UNAUTHORIZED",
    );
    expect(await user.client.auth.me.query()).toMatchObject({ id: user.user.id });
  });

  it("leaves nothing of the user in any collection and locks every credential out", async () => {
    const user = await registerUser(api);
    const bystander = await registerUser(api);
    const anonymous = createClient({ url: api.url });
    await user.client.user.changePassword.mutate({ currentPassword: password, newPassword: password });
    const jar = cookieJar();
    const browser = createClient({ url: api.url, fetch: jar.fetch });
    const browserLogin = await browser.auth.login.mutate({ email: user.email, password });
    const { key } = await user.client.apiKey.create.mutate({ name: "ci", scope: "full" });
    await anonymous.auth.passwordReset.request.mutate({ email: user.email });
    await anonymous.auth.refresh.mutate({ refreshToken: user.refreshToken });
    await bystander.client.apiKey.create.mutate({ name: "bystander" });
    expect(Object.keys(await documentsOwnedBy(user.user.id)).sort()).toEqual(
      ["api_keys", "password_resets", "refresh_tokens", "security_events", "sessions"].sort(),
    );
    const bystanderBefore = await documentsOwnedBy(bystander.user.id);

    const browserSession = createClient({
      url: api.url,
      fetch: jar.fetch,
      getAccessToken: () => browserLogin.accessToken,
    });
    expect(await browserSession.user.deleteAccount.mutate({ password })).toEqual({ ok: true });

    expect(await documentsOwnedBy(user.user.id)).toEqual({});
    expect(await api.db.models.User.countDocuments({ _id: user.user.id })).toBe(0);
    expect(jar.cookies.has("pp_refresh")).toBe(false);
    expect(await errorCodeOf(createClient({ url: api.url, apiKey: key }).auth.me.query())).toBe("UNAUTHORIZED");
    expect(
      await errorCodeOf(createClient({ url: api.url, getAccessToken: () => browserLogin.accessToken }).auth.me.query()),
    ).toBe("UNAUTHORIZED");
    const login = await anonymous.auth.login.mutate({ email: user.email, password }).catch((error: Error) => error);
    expect(login).toMatchObject({ message: "Invalid email or password" });
    expect(await documentsOwnedBy(bystander.user.id)).toEqual(bystanderBefore);

    // The email is free again.
    await anonymous.auth.register.mutate({ email: user.email, password });
  });

  it("a user whose deletion has started is locked out at once, before the purge finishes", async () => {
    const user = await registerUser(api);
    await api.db.models.User.updateOne({ _id: user.user.id }, { $set: { deletingAt: new Date() } });
    expect(await errorCodeOf(user.client.auth.me.query())).toBe("UNAUTHORIZED");
    const anonymous = createClient({ url: api.url });
    expect(await errorCodeOf(anonymous.auth.refresh.mutate({ refreshToken: user.refreshToken }))).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(anonymous.auth.login.mutate({ email: user.email, password }))).toBe("UNAUTHORIZED");
  });
});
