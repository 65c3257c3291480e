import { createClient } from "@pingpilot/client";
import { manualClock } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodeOf, registerUser } from "./auth-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

const clock = manualClock(new Date("2026-05-01T08:00:00Z"));
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clock });
});
afterAll(async () => api.stop());

describe("API keys", () => {
  it("a key is shown once, stored only as a hash, and lets a script act as its owner through the client", async () => {
    const owner = await registerUser(api);
    const created = await owner.client.apiKey.create.mutate({ name: "CI deploy", scope: "full" });
    expect(created.key).toMatch(/^pp_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/);
    expect(created.apiKey).toMatchObject({ name: "CI deploy", scope: "full", lastUsedAt: null });
    expect(created.key.endsWith(created.apiKey.preview.slice(-4))).toBe(true);

    const stored = await api.db.models.ApiKey.findById(created.apiKey.id).lean();
    expect(JSON.stringify(stored)).not.toContain(created.key.split("_")[2]);

    const script = createClient({ url: api.url, apiKey: created.key });
    expect(await script.auth.me.query()).toMatchObject({ id: owner.user.id });
    await script.user.updateProfile.mutate({ name: "Changed by CI" });

    const listed = await owner.client.apiKey.list.query();
    expect(listed).toEqual([expect.objectContaining({ id: created.apiKey.id, lastUsedAt: clock.now() })]);
    expect(JSON.stringify(listed)).not.toContain(created.key);
  });

  it("last use is recorded at most once a minute", async () => {
    const owner = await registerUser(api);
    const { key, apiKey } = await owner.client.apiKey.create.mutate({ name: "poller" });
    const script = createClient({ url: api.url, apiKey: key });
    const first = clock.now();
    await script.auth.me.query();
    clock.advance(30_000);
    await script.auth.me.query();
    expect((await owner.client.apiKey.list.query())[0]?.lastUsedAt).toEqual(first);
    clock.advance(31_000);
    await script.auth.me.query();
    expect((await owner.client.apiKey.list.query())[0]?.lastUsedAt).toEqual(clock.now());
    expect(apiKey.scope).toBe("read");
  });

  it("a read-only key can run queries but every change is refused", async () => {
    const owner = await registerUser(api);
    const { key } = await owner.client.apiKey.create.mutate({ name: "dashboard", scope: "read" });
    const script = createClient({ url: api.url, apiKey: key });
    expect(await script.auth.me.query()).toMatchObject({ id: owner.user.id });
    expect(await errorCodeOf(script.user.updateProfile.mutate({ name: "nope" }))).toBe("FORBIDDEN");
    expect(await errorCodeOf(script.apiKey.create.mutate({ name: "escalate", scope: "full" }))).toBe("FORBIDDEN");
    expect(await errorCodeOf(script.auth.logoutAll.mutate())).toBe("FORBIDDEN");
  });

  it("a revoked key stops working at once", async () => {
    const owner = await registerUser(api);
    const { key, apiKey } = await owner.client.apiKey.create.mutate({ name: "old laptop" });
    const script = createClient({ url: api.url, apiKey: key });
    await script.auth.me.query();
    await owner.client.apiKey.revoke.mutate({ apiKeyId: apiKey.id });
    expect(await errorCodeOf(script.auth.me.query())).toBe("UNAUTHORIZED");
    expect(await owner.client.apiKey.list.query()).toEqual([]);
  });

  it("a wrong secret for a real key id, or a key that is not ours at all, is refused", async () => {
    const owner = await registerUser(api);
    const { key } = await owner.client.apiKey.create.mutate({ name: "k" });
    const forged = `${key.slice(0, -4)}AAAA`;
    expect(await errorCodeOf(createClient({ url: api.url, apiKey: forged }).auth.me.query())).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(createClient({ url: api.url, apiKey: "sk_live_123" }).auth.me.query())).toBe(
      "UNAUTHORIZED",
    );
  });

  it("user A can never list or revoke user B's keys", async () => {
    const a = await registerUser(api);
    const b = await registerUser(api);
    const bKey = await b.client.apiKey.create.mutate({ name: "b's key" });
    expect(await a.client.apiKey.list.query()).toEqual([]);
    expect(await errorCodeOf(a.client.apiKey.revoke.mutate({ apiKeyId: bKey.apiKey.id }))).toBe("NOT_FOUND");
    expect(await createClient({ url: api.url, apiKey: bKey.key }).auth.me.query()).toMatchObject({ id: b.user.id });
  });
});
