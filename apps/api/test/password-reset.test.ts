import { createClient } from "@pingpilot/client";
import { manualClock } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearerClient, errorCodeOf, password, registerUser, uniqueEmail } from "./auth-helpers.ts";
import { type FakeResend, startFakeResend } from "./fake-resend.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

const clock = manualClock(new Date("2026-04-10T09:00:00Z"));
let api: TestApi;
let resend: FakeResend;

beforeAll(async () => {
  resend = await startFakeResend();
  api = await startTestApi({
    clock,
    env: {
      RESEND_API_KEY: "re_test_123",
      RESEND_BASE_URL: resend.url,
      EMAIL_FROM: "Ping Pilot <alerts@pingpilot.test>",
      APP_URL: "https://app.pingpilot.test",
      RATE_LIMIT_PASSWORD_RESET_PER_IP: "100",
    },
  });
});
afterAll(async () => {
  await api.stop();
  await resend.close();
});

/** Waits for the reset email to reach the fake Resend API and pulls the token out of its link. */
async function resetTokenSentTo(email: string): Promise<string> {
  await expect.poll(() => resend.emails.filter((sent) => sent.body.to === email).length).toBeGreaterThan(0);
  const sent = resend.emails.filter((item) => item.body.to === email).at(-1);
  const link = /https:\/\/app\.pingpilot\.test\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(sent?.body.text ?? "");
  if (!link?.[1]) throw new Error(`no reset link in: ${sent?.body.text}`);
  expect(sent?.body.html).toContain(link[0]);
  return link[1];
}

describe("password reset", () => {
  it("emails a single-use link through Resend; using it sets the password and ends every session", async () => {
    const user = await registerUser(api);
    const anonymous = createClient({ url: api.url });
    expect(await anonymous.auth.passwordReset.request.mutate({ email: user.email })).toEqual({ ok: true });

    const token = await resetTokenSentTo(user.email);
    const sent = resend.emails.at(-1);
    expect(sent?.headers.authorization).toBe("Bearer re_test_123");
    expect(sent?.body).toMatchObject({
      from: "Ping Pilot <alerts@pingpilot.test>",
      subject: expect.stringMatching(/reset/i),
    });
    expect(await api.db.models.PasswordReset.countDocuments({ _id: token })).toBe(0);

    const newPassword = "my new long passphrase";
    expect(await anonymous.auth.passwordReset.confirm.mutate({ token, newPassword })).toEqual({ ok: true });

    expect(await errorCodeOf(user.client.auth.me.query())).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(anonymous.auth.refresh.mutate({ refreshToken: user.refreshToken }))).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(anonymous.auth.login.mutate({ email: user.email, password }))).toBe("UNAUTHORIZED");
    const login = await anonymous.auth.login.mutate({ email: user.email, password: newPassword });
    expect(login.user.id).toBe(user.user.id);

    // Single use: the same link does nothing the second time.
    expect(
      await errorCodeOf(anonymous.auth.passwordReset.confirm.mutate({ token, newPassword: "yet another passphrase" })),
    ).toBe("BAD_REQUEST");
    const events = await api.db.models.SecurityEvent.find({ userId: user.user.id }).lean();
    expect(events.map((event) => event.type)).toContain("password_reset");
  });

  it("a reset link stops working after one hour", async () => {
    const user = await registerUser(api);
    const anonymous = createClient({ url: api.url });
    await anonymous.auth.passwordReset.request.mutate({ email: user.email });
    const token = await resetTokenSentTo(user.email);
    clock.advance(60 * 60_000 + 1_000);
    const error = await anonymous.auth.passwordReset.confirm
      .mutate({ token, newPassword: "too late passphrase" })
      .catch((caught: Error) => caught);
    expect(error).toMatchObject({ data: { code: "BAD_REQUEST" }, message: expect.stringMatching(/expired/) });
    const fresh = await anonymous.auth.login.mutate({ email: user.email, password });
    expect(await bearerClient(api, fresh.accessToken).auth.me.query()).toMatchObject({ id: user.user.id });
  });

  it("answers the same for an email without an account, and sends nothing", async () => {
    const before = resend.emails.length;
    const anonymous = createClient({ url: api.url });
    const nobody = uniqueEmail("nobody");
    expect(await anonymous.auth.passwordReset.request.mutate({ email: nobody })).toEqual({ ok: true });
    const user = await registerUser(api);
    await anonymous.auth.passwordReset.request.mutate({ email: user.email });
    await resetTokenSentTo(user.email);
    expect(resend.emails.slice(before).map((sent) => sent.body.to)).toEqual([user.email]);
  });

  it("a made-up token is refused", async () => {
    const anonymous = createClient({ url: api.url });
    expect(
      await errorCodeOf(
        anonymous.auth.passwordReset.confirm.mutate({ token: "A".repeat(43), newPassword: "whatever passphrase" }),
      ),
    ).toBe("BAD_REQUEST");
  });
});
