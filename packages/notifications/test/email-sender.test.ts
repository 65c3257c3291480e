import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@pingpilot/logger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmailSender, EmailSendError } from "../src/email/email-sender.ts";
import { passwordResetEmail } from "../src/email/password-reset-email.ts";

interface Recorded {
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

let server: Server;
let baseUrl: string;
const recorded: Recorded[] = [];
let failNext: number | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on("end", () => {
      recorded.push({ path: req.url, headers: req.headers, body: JSON.parse(raw) as Record<string, unknown> });
      res.setHeader("content-type", "application/json");
      if (failNext !== null) {
        res.statusCode = failNext;
        failNext = null;
        res.end(
          JSON.stringify({ name: "validation_error", statusCode: res.statusCode, message: "Invalid `from` field." }),
        );
        return;
      }
      res.end(JSON.stringify({ id: `email-${recorded.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const logger = createLogger({ level: "silent", pretty: false });
const message = passwordResetEmail({
  to: "ada@example.com",
  link: "https://app.example/reset?token=a&b",
  expiresInMinutes: 60,
});

function sender() {
  return createEmailSender({
    apiKey: "re_test_key",
    baseUrl,
    from: "Ping Pilot <a@b.example>",
    logger,
    logContent: false,
  });
}

describe("email sender", () => {
  it("sends a plain-text and an HTML part through the Resend API with the configured sender", async () => {
    const expectedId = `email-${recorded.length + 1}`;
    expect(await sender().send(message)).toEqual({ id: expectedId, logged: false });
    const request = recorded.at(-1);
    expect(request?.path).toBe("/emails");
    expect(request?.headers.authorization).toBe("Bearer re_test_key");
    expect(request?.body).toMatchObject({
      from: "Ping Pilot <a@b.example>",
      to: "ada@example.com",
      subject: message.subject,
    });
    expect(request?.body.text).toContain("https://app.example/reset?token=a&b");
    expect(request?.body.html).toContain('href="https://app.example/reset?token=a&#38;b"');
    expect(request?.headers["idempotency-key"]).toBeUndefined();
  });

  it("passes an idempotency key to Resend, so a retried send is not a second email", async () => {
    await sender().send(message, { idempotencyKey: "delivery-42" });
    expect(recorded.at(-1)?.headers["idempotency-key"]).toBe("delivery-42");
  });

  it("reports a refused email as an error instead of pretending it went out, and says whether to retry", async () => {
    failNext = 422;
    const refused = await sender()
      .send(message)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EmailSendError);
    expect(refused).toMatchObject({ statusCode: 422, retryable: false });
    failNext = 503;
    expect(
      await sender()
        .send(message)
        .catch((error: unknown) => error),
    ).toMatchObject({ statusCode: 503, retryable: true });
    const unreachable = createEmailSender({
      apiKey: "k",
      baseUrl: "http://127.0.0.1:9",
      from: "x@y",
      logger,
      logContent: false,
    });
    expect(await unreachable.send(message).catch((error: unknown) => error)).toMatchObject({
      statusCode: null,
      retryable: true,
    });
  });

  it("without an API key, logs instead of sending", async () => {
    const before = recorded.length;
    const logOnly = createEmailSender({ apiKey: undefined, from: "x@y.example", logger, logContent: true });
    expect(await logOnly.send(message)).toEqual({ id: null, logged: true });
    expect(recorded.length).toBe(before);
  });
});
