import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./create-logger.ts";
import { redactUrl } from "./redact-url.ts";

describe("redactUrl", () => {
  it("hides a heartbeat push token in every push route, keeping the route", () => {
    expect(redactUrl("/push/AbCdEfGhIjKlMnOpQrStUvWx")).toBe("/push/[redacted]");
    expect(redactUrl("/push/AbCdEfGhIjKlMnOpQrStUvWx/fail")).toBe("/push/[redacted]/fail");
    expect(redactUrl("/push/AbCdEfGhIjKlMnOpQrStUvWx/3?msg=ok")).toBe("/push/[redacted]/3?msg=ok");
    expect(redactUrl("https://ping.example/push/AbCdEfGhIjKlMnOpQrStUvWx")).toBe(
      "https://ping.example/push/[redacted]",
    );
  });

  it("hides the values of secret query parameters, whatever their case or encoding, and nothing else", () => {
    expect(redactUrl("/api/v1/monitors?limit=5&token=t1&KEY=k1&api_key=k2&Secret=s1&password=p1")).toBe(
      "/api/v1/monitors?limit=5&token=[redacted]&KEY=[redacted]&api_key=[redacted]&Secret=[redacted]&password=[redacted]",
    );
    expect(redactUrl("/x?to%6Ben=t2&access_token=t3&refresh_token=t4#frag")).toBe(
      "/x?to%6Ben=[redacted]&access_token=[redacted]&refresh_token=[redacted]",
    );
    expect(redactUrl("/trpc/monitor.list?batch=1&input=%7B%7D")).toBe("/trpc/monitor.list?batch=1&input=%7B%7D");
  });

  it("hides credentials in an absolute URL", () => {
    expect(redactUrl("https://user:hunter2@hooks.example/path?x=1")).toBe("https://[redacted]@hooks.example/path?x=1");
  });

  it("is applied to every `url` a logger writes", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    createLogger({ level: "info", pretty: false, destination }).info(
      { url: "/push/AbCdEfGhIjKlMnOpQrStUvWx?token=zzz" },
      "x",
    );
    expect(JSON.parse(lines.join("")).url).toBe("/push/[redacted]?token=[redacted]");
  });
});
