import { defaultChannelIds, verifyWebhookSignature } from "@pingpilot/notifications";
import { type FakeReceiver, startFakeReceiver } from "@pingpilot/notifications/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { httpMonitorInput } from "../src/testing/index.ts";
import { type Caller, type CallerFixture, callerErrorOf, createCallerFixture, errorCodeOf } from "./caller-fixture.ts";

let fixture: CallerFixture;
let strict: CallerFixture;
let receiver: FakeReceiver;
let alice: Caller;
let aliceId: string;
let bob: Caller;

beforeAll(async () => {
  receiver = await startFakeReceiver();
  const env = { RESEND_API_KEY: "re_test_key", RESEND_BASE_URL: receiver.url };
  // A self-hoster's allow-list lets channels reach the loopback receiver; the strict API keeps the defaults.
  fixture = await createCallerFixture({ env: { ...env, MONITOR_ADDRESS_ALLOWLIST: "127.0.0.1/32" } });
  strict = await createCallerFixture({ db: fixture.db, env });
  const registered = await fixture.signUp();
  alice = registered.caller;
  aliceId = registered.userId;
  bob = (await fixture.signUp()).caller;
});
afterAll(async () => {
  await strict.close();
  await fixture.close();
  await receiver.close();
});
afterEach(() => receiver.reset());

describe("notification channels", () => {
  it("a webhook's signing secret is shown once on creation and never again", async () => {
    const created = await alice.channel.create({
      type: "webhook",
      name: "Ops hook",
      url: `${receiver.url}/ops`,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.channel).toMatchObject({ type: "webhook", name: "Ops hook", target: `${receiver.url}/ops` });
    const shown = JSON.stringify([await alice.channel.get({ id: created.channel.id }), await alice.channel.list()]);
    expect(shown).not.toContain(created.secret);
    expect(created.channel.secretPreview).toBe(`${created.secret?.slice(0, 10)}…`);

    const rotated = await alice.channel.rotateSecret({ id: created.channel.id });
    expect(rotated.secret).not.toBe(created.secret);
  });

  it("channels can be listed, renamed, re-pointed and deleted, and a deleted channel leaves its monitors", async () => {
    const email = await alice.channel.create({ type: "email", name: "Me", isDefault: true });
    expect(email.channel.target).toBe("account notification email");
    const slack = await alice.channel.create({
      type: "slack",
      name: "Slack #ops",
      url: "http://127.0.0.1:9/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX",
    });
    // Slack URLs are secrets: only the host and the last characters are shown.
    expect(slack.channel.target).toBe("http://127.0.0.1:9/…XXXX");

    const renamed = await alice.channel.update({
      id: email.channel.id,
      name: "Pager inbox",
      to: "pager@example.com",
    });
    expect(renamed).toMatchObject({ name: "Pager inbox", target: "pager@example.com", isDefault: true });
    expect(
      (await callerErrorOf(alice.channel.update({ id: email.channel.id, url: `${receiver.url}/x` }))).fieldErrors.url,
    ).toEqual(["email channels have no URL"]);

    const monitor = await alice.monitor.create(httpMonitorInput({ channelIds: [email.channel.id, slack.channel.id] }));
    await alice.channel.delete({ id: slack.channel.id });
    expect((await alice.monitor.get({ id: monitor.id })).config.channelIds).toEqual([email.channel.id]);
    expect((await alice.channel.list()).map((channel) => channel.id)).not.toContain(slack.channel.id);
    expect((await defaultChannelIds(fixture.db, aliceId)).map(String)).toContain(email.channel.id);
  });

  it("another user's channel does not exist for you: get, update, delete, test and its log all answer not found", async () => {
    const { channel } = await alice.channel.create({
      type: "webhook",
      name: "Private",
      url: `${receiver.url}/a`,
    });
    expect(await errorCodeOf(bob.channel.get({ id: channel.id }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(bob.channel.update({ id: channel.id, name: "mine" }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(bob.channel.test({ id: channel.id }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(bob.channel.deliveries({ id: channel.id }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(bob.channel.rotateSecret({ id: channel.id }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(bob.channel.delete({ id: channel.id }))).toBe("NOT_FOUND");
    expect((await bob.channel.list()).map((item) => item.id)).not.toContain(channel.id);
    expect(receiver.requests).toHaveLength(0);
    expect((await alice.channel.get({ id: channel.id })).name).toBe("Private");
  });

  it("channel URLs pointing at loopback, private or cloud-metadata addresses are refused unless allow-listed", async () => {
    const strictClient = (await strict.signUp()).caller;
    const refusal = async (client: Caller, url: string) => {
      const error = await callerErrorOf(client.channel.create({ type: "webhook", name: "x", url }));
      expect(error.code).toBe("BAD_REQUEST");
      return error.fieldErrors.url?.[0];
    };
    expect(await refusal(strictClient, `${receiver.url}/hook`)).toContain(
      "127.0.0.1 is a loopback address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await refusal(strictClient, "http://10.0.0.7/hook")).toContain(
      "10.0.0.7 is a private address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await refusal(alice, "http://169.254.169.254/latest/meta-data/")).toContain(
      "169.254.169.254 is a cloud metadata address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await refusal(strictClient, "http://localhost:8080/hook")).toBe(
      "localhost is a loopback name, not a public host: not allowed unless MONITOR_ADDRESS_ALLOWLIST lists it (localhost or 127.0.0.1/32)",
    );
    expect(
      (await callerErrorOf(alice.channel.create({ type: "discord", name: "x", url: "ftp://example.com/" }))).code,
    ).toBe("BAD_REQUEST");
    const { channel } = await alice.channel.create({ type: "webhook", name: "ok", url: `${receiver.url}/hook` });
    expect(
      (await callerErrorOf(alice.channel.update({ id: channel.id, url: "http://192.168.1.1/" }))).fieldErrors.url,
    ).toEqual([
      expect.stringContaining("192.168.1.1 is a private address: not allowed unless MONITOR_ADDRESS_ALLOWLIST"),
    ]);
  });

  it("testing a webhook channel sends a real signed message now and shows it in the channel's delivery log", async () => {
    const created = await alice.channel.create({ type: "webhook", name: "Test me", url: `${receiver.url}/t` });
    const result = await alice.channel.test({ id: created.channel.id });
    expect(result).toMatchObject({ ok: true, statusCode: 200, error: null });

    const [request] = receiver.requests;
    expect(request?.body).toMatchObject({
      id: result.deliveryId,
      type: "test",
      data: { channel: { name: "Test me" } },
    });
    expect(request?.headers["x-pingpilot-delivery-id"]).toBe(result.deliveryId);
    const signature = request?.headers["x-pingpilot-signature"];
    expect(
      verifyWebhookSignature({
        header: typeof signature === "string" ? signature : undefined,
        body: request?.rawBody ?? "",
        secret: created.secret ?? "",
        nowSeconds: Math.floor(Date.now() / 1000),
      }),
    ).toBe(true);

    receiver.respond({ status: 500 });
    const failed = await alice.channel.test({ id: created.channel.id });
    expect(failed).toMatchObject({ ok: false, statusCode: 500 });

    const log = await alice.channel.deliveries({ id: created.channel.id, limit: 1 });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ kind: "test", status: "failed", title: "Test message from Ping Pilot" });
    const older = await alice.channel.deliveries({
      id: created.channel.id,
      limit: 1,
      cursor: log.nextCursor ?? "",
    });
    expect(older.items[0]).toMatchObject({ id: result.deliveryId, status: "sent", attempts: 1 });
    expect(older.nextCursor).toBeNull();
    expect((await alice.channel.deliveries({ id: created.channel.id, status: "sent" })).items).toHaveLength(1);
  });

  it("testing an email channel sends a plain-text and HTML email through Resend", async () => {
    const { channel } = await alice.channel.create({ type: "email", name: "Inbox", to: "alerts@example.com" });
    expect(await alice.channel.test({ id: channel.id })).toMatchObject({ ok: true });
    const [email] = receiver.requests;
    expect(email?.path).toBe("/emails");
    expect(email?.body).toMatchObject({ to: "alerts@example.com", subject: "Test message from Ping Pilot" });
    const body = email?.body as { text: string; html: string };
    expect(body.text).toContain("Channel: Inbox");
    expect(body.html).toContain("<!doctype html>");
    expect(email?.headers["idempotency-key"]).toMatch(/^test:/);
  });
});
