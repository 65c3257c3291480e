import { createClient } from "@pingpilot/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodeOf, password, promoteToAdmin, type RegisteredUser, registerUser } from "./auth-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

let api: TestApi;
let admin: RegisteredUser;
beforeAll(async () => {
  api = await startTestApi({ env: { RATE_LIMIT_REGISTER_PER_IP: "1000" } });
  admin = await registerUser(api, { email: "root@admin.example" });
  await promoteToAdmin(api, admin.user.id);
});
afterAll(async () => api.stop());

describe("admin: users", () => {
  it("people who are not administrators cannot use admin procedures", async () => {
    const user = await registerUser(api);
    expect(await errorCodeOf(user.client.admin.listUsers.query())).toBe("FORBIDDEN");
    expect(await errorCodeOf(user.client.admin.disableUser.mutate({ userId: admin.user.id }))).toBe("FORBIDDEN");
    expect(await errorCodeOf(user.client.admin.setRole.mutate({ userId: user.user.id, role: "admin" }))).toBe(
      "FORBIDDEN",
    );
  });

  it("lists every user exactly once, page by page, and filters by email prefix", async () => {
    for (let i = 0; i < 5; i += 1) await registerUser(api, { email: `page-${i}@list.example` });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await admin.client.admin.listUsers.query({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((user) => user.email));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    const total = await api.db.models.User.countDocuments();
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 2));

    const filtered = await admin.client.admin.listUsers.query({ emailPrefix: "page-" });
    expect(filtered.items.map((user) => user.email)).toEqual([0, 1, 2, 3, 4].map((i) => `page-${i}@list.example`));
    expect(filtered.nextCursor).toBeNull();
  });

  it("an admin can promote a user, who can then administer; nobody can change their own role", async () => {
    const user = await registerUser(api);
    expect(await admin.client.admin.setRole.mutate({ userId: user.user.id, role: "admin" })).toMatchObject({
      role: "admin",
    });
    // The role is read on every request: no new token is needed.
    expect((await user.client.admin.listUsers.query({ limit: 1 })).items).toHaveLength(1);
    expect(await errorCodeOf(user.client.admin.setRole.mutate({ userId: user.user.id, role: "user" }))).toBe(
      "BAD_REQUEST",
    );
    await admin.client.admin.setRole.mutate({ userId: user.user.id, role: "user" });
    expect(await errorCodeOf(user.client.admin.listUsers.query())).toBe("FORBIDDEN");
  });

  it("a disabled user is locked out immediately: tokens, API keys, refresh and login all stop working", async () => {
    const user = await registerUser(api);
    const { key } = await user.client.apiKey.create.mutate({ name: "script", scope: "full" });
    const script = createClient({ url: api.url, apiKey: key });
    await user.client.auth.me.query();

    const disabled = await admin.client.admin.disableUser.mutate({ userId: user.user.id });
    expect(disabled).toMatchObject({ disabled: true, disabledAt: expect.any(Date) });

    // The very next request is refused, long before the 15-minute access token expires.
    expect(await errorCodeOf(user.client.auth.me.query())).toBe("FORBIDDEN");
    expect(await errorCodeOf(script.auth.me.query())).toBe("FORBIDDEN");
    const anonymous = createClient({ url: api.url });
    expect(await errorCodeOf(anonymous.auth.refresh.mutate({ refreshToken: user.refreshToken }))).toBe("FORBIDDEN");
    const login = await anonymous.auth.login.mutate({ email: user.email, password }).catch((error: Error) => error);
    expect(login).toMatchObject({ message: "This account is disabled", data: { code: "FORBIDDEN" } });
    const events = await api.db.models.SecurityEvent.find({ userId: user.user.id }).lean();
    expect(events).toEqual([expect.objectContaining({ type: "user_disabled", actorId: expect.anything() })]);

    await admin.client.admin.enableUser.mutate({ userId: user.user.id });
    const again = await anonymous.auth.login.mutate({ email: user.email, password });
    expect(again.user.id).toBe(user.user.id);
    expect(await script.auth.me.query()).toMatchObject({ id: user.user.id });
  });

  it("an admin cannot disable themselves, and unknown users are not found", async () => {
    expect(await errorCodeOf(admin.client.admin.disableUser.mutate({ userId: admin.user.id }))).toBe("BAD_REQUEST");
    expect(await errorCodeOf(admin.client.admin.disableUser.mutate({ userId: "0123456789abcdef01234567" }))).toBe(
      "NOT_FOUND",
    );
  });
});
