import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallerFixture, createCallerFixture, errorCodeOf } from "./caller-fixture.ts";

let fixture: CallerFixture;
beforeAll(async () => {
  fixture = await createCallerFixture();
});
afterAll(async () => fixture.close());

describe("sessions", () => {
  it("logging out everywhere ends every session of the account, and only that account's", async () => {
    const user = await fixture.signUp();
    const other = await fixture.signUp();
    const second = await fixture.logIn(user.email);

    expect(await user.caller.auth.logoutAll()).toEqual({ sessionsEnded: 2 });
    for (const signedIn of [user, second]) {
      expect(await errorCodeOf(signedIn.caller.auth.me())).toBe("UNAUTHORIZED");
    }
    const anonymous = fixture.callerFor().caller;
    expect(await errorCodeOf(anonymous.auth.refresh({ refreshToken: second.refreshToken }))).toBe("UNAUTHORIZED");
    expect(await other.caller.auth.me()).toMatchObject({ email: other.email });
  });

  it("user A can never see or sign out user B's sessions", async () => {
    const a = await fixture.signUp();
    const b = await fixture.signUp();
    const bSessions = await b.caller.session.list();
    const aSessions = await a.caller.session.list();
    expect(aSessions.map((session) => session.id)).not.toContain(bSessions[0]?.id);
    expect(await errorCodeOf(a.caller.session.revoke({ sessionId: bSessions[0]?.id ?? "" }))).toBe("NOT_FOUND");
    expect(await b.caller.auth.me()).toMatchObject({ email: b.email });
  });
});
