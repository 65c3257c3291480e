import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { loopbackAddressPolicy } from "@pingpilot/checks/testing";
import { testLogger } from "@pingpilot/db/testing";
import { manualClock } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannelTransports } from "../src/channels/channel-transports.ts";
import { signWebhook, verifyWebhookSignature } from "../src/channels/webhook/webhook-signature.ts";
import { createEmailSender } from "../src/email/email-sender.ts";
import { type FakeReceiver, startFakeReceiver } from "../src/testing/fake-receiver.ts";
import { appUrl } from "./outbox-fixtures.ts";

type Verify = (rawBody: string, header: string | undefined, secret: string, toleranceSeconds?: number) => boolean;

let receiver: FakeReceiver;
let snippetDir: string;
let verifyFromDocs: Verify;

/** The verification snippet exactly as docs/notifications.md shows it, loaded as a module. */
async function loadDocumentedSnippet(): Promise<Verify> {
  const docs = await readFile(new URL("../../../docs/notifications.md", import.meta.url), "utf8");
  const after = docs.split("<!-- webhook-verify-snippet -->")[1] ?? "";
  const code = /```js\n([\s\S]*?)```/.exec(after)?.[1];
  if (!code) throw new Error("the verification snippet is missing from docs/notifications.md");
  snippetDir = await mkdtemp(join(tmpdir(), "pingpilot-snippet-"));
  const file = join(snippetDir, "verify.mjs");
  await writeFile(file, code);
  const module = (await import(pathToFileURL(file).href)) as { verifyPingPilotSignature: Verify };
  return module.verifyPingPilotSignature;
}

beforeAll(async () => {
  receiver = await startFakeReceiver();
  verifyFromDocs = await loadDocumentedSnippet();
});
afterAll(async () => {
  await receiver.close();
  await rm(snippetDir, { recursive: true, force: true });
});

describe("webhook signatures", () => {
  it("a receiver using the documented snippet accepts a real delivery, and refuses a changed body, another secret or an old one", async () => {
    const clock = manualClock(new Date());
    const transports = createChannelTransports({
      email: createEmailSender({ apiKey: undefined, from: "x@y.test", logger: testLogger(), logContent: false }),
      addressPolicy: loopbackAddressPolicy(),
      clock,
      context: { appUrl },
    });
    const outcome = await transports.webhook.send(
      { type: "webhook", url: `${receiver.url}/hook`, secret: "whsec_documented" },
      {
        notification: { kind: "test", at: clock.now(), timezone: "UTC", channelName: "Docs" },
        deliveryId: "test:abc",
        attempt: 1,
        timeoutMs: 2_000,
      },
    );
    expect(outcome).toMatchObject({ ok: true, statusCode: 200 });
    const [request] = receiver.requests;
    const header = request?.headers["x-pingpilot-signature"];
    const signature = typeof header === "string" ? header : undefined;
    const raw = request?.rawBody ?? "";

    expect(verifyFromDocs(raw, signature, "whsec_documented")).toBe(true);
    expect(verifyFromDocs(raw.replace("Docs", "Evil"), signature, "whsec_documented")).toBe(false);
    expect(verifyFromDocs(raw, signature, "whsec_other")).toBe(false);
    expect(verifyFromDocs(raw, undefined, "whsec_documented")).toBe(false);
    expect(verifyFromDocs(raw, "t=1,v1=zz", "whsec_documented")).toBe(false);
    const old = signWebhook("whsec_documented", raw, Math.floor(Date.now() / 1000) - 3_600);
    expect(verifyFromDocs(raw, old, "whsec_documented")).toBe(false);
  });

  it("the package's own verifier agrees with the documented one", () => {
    const body = JSON.stringify({ id: "d1", type: "incident.opened" });
    const now = 1_795_569_600;
    const header = signWebhook("s3cret", body, now);
    expect(header).toMatch(/^t=1795569600,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ header, body, secret: "s3cret", nowSeconds: now + 10 })).toBe(true);
    expect(verifyWebhookSignature({ header, body, secret: "s3cret", nowSeconds: now + 301 })).toBe(false);
    expect(verifyWebhookSignature({ header, body: `${body} `, secret: "s3cret", nowSeconds: now })).toBe(false);
  });
});
