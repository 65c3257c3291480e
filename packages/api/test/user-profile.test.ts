import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallerFixture, callerErrorOf, createCallerFixture, errorCodeOf, password } from "./caller-fixture.ts";

let fixture: CallerFixture;
beforeAll(async () => {
  fixture = await createCallerFixture();
});
afterAll(async () => fixture.close());

describe("profile and password", () => {
  it("updates name, time zone and notification email, and refuses a time zone that does not exist", async () => {
    const user = await fixture.signUp();
    const updated = await user.caller.user.updateProfile({
      name: "Grace",
      timezone: "America/Argentina/Buenos_Aires",
      notificationEmail: "Alerts@Example.com",
    });
    expect(updated).toMatchObject({
      name: "Grace",
      timezone: "America/Argentina/Buenos_Aires",
      notificationEmail: "alerts@example.com",
    });
    const error = await callerErrorOf(user.caller.user.updateProfile({ timezone: "Mars/Olympus_Mons" }));
    expect(error).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { timezone: [expect.stringMatching(/IANA/)] } });
    expect((await user.caller.user.updateProfile({ notificationEmail: null })).notificationEmail).toBeNull();
  });

  it("changing the password needs the old one and signs out every other session, not this one", async () => {
    const user = await fixture.signUp();
    const other = await fixture.logIn(user.email);
    const newPassword = "a brand new passphrase";
    expect(await errorCodeOf(user.caller.user.changePassword({ currentPassword: "wrong password", newPassword }))).toBe(
      "UNAUTHORIZED",
    );

    expect(await user.caller.user.changePassword({ currentPassword: password, newPassword })).toEqual({
      otherSessionsEnded: 1,
    });
    expect(await user.caller.auth.me()).toMatchObject({ email: user.email });
    expect(await errorCodeOf(other.caller.auth.me())).toBe("UNAUTHORIZED");
    const anonymous = fixture.callerFor().caller;
    expect(await errorCodeOf(anonymous.auth.login({ email: user.email, password }))).toBe("UNAUTHORIZED");
    await anonymous.auth.login({ email: user.email, password: newPassword });
  });
});
