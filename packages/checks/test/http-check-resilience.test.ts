import { httpCheckConfigSchema } from "@pingpilot/domain";
import { describe, expect, it } from "vitest";
import { runCheck } from "../src/run-check.ts";
import { loopbackAddressPolicy } from "../src/testing/index.ts";
import { useHttpTargets } from "./support/http-targets.ts";
import { closedPort, startTcpServer } from "./support/servers.ts";

const options = { addressPolicy: loopbackAddressPolicy() };
const server = await useHttpTargets();
const http = server.httpCheck;

describe("HTTP check against misbehaving targets", () => {
  it("times out on a server that never answers", async () => {
    expect(await runCheck(http("/hang", { timeoutMs: 1_000 }), options)).toMatchObject({
      status: "down",
      reason: "timeout after 1 s",
      errorCode: "timeout",
    });
  });

  it("times out on a body that trickles in a byte at a time", async () => {
    expect(await runCheck(http("/trickle", { timeoutMs: 1_000, keyword: { value: "done" } }), options)).toMatchObject({
      reason: "timeout after 1 s",
    });
  });

  it("times out on headers that trickle in a byte at a time", async () => {
    const trickle = await startTcpServer((socket) => {
      const bytes = Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      let index = 0;
      const timer = setInterval(() => {
        if (index < bytes.length) socket.write(bytes.subarray(index, ++index));
      }, 300);
      socket.on("close", () => clearInterval(timer));
      socket.on("error", () => clearInterval(timer));
    });
    try {
      const config = httpCheckConfigSchema.parse({
        type: "http",
        url: `http://127.0.0.1:${trickle.port}/`,
        timeoutMs: 1_000,
      });
      expect(await runCheck(config, options)).toMatchObject({ reason: "timeout after 1 s" });
    } finally {
      await trickle.close();
    }
  });

  it("reads at most 1 MiB of an endless body, and none when nothing needs it", async () => {
    expect(await runCheck(http("/endless", { keyword: { value: "needle" } }), options)).toMatchObject({
      status: "down",
      reason: "keyword 'needle' not found in the first 1 MiB",
    });
    expect(await runCheck(http("/endless", { jsonAssertions: [{ path: "a", op: "exists" }] }), options)).toMatchObject({
      reason: "response larger than 1 MiB, JSON assertions not checked",
      errorCode: "body_too_large",
    });
    expect(await runCheck(http("/endless"), options)).toMatchObject({ status: "up" });
  });

  it("says the connection was refused when nothing listens", async () => {
    const port = await closedPort();
    const config = httpCheckConfigSchema.parse({ type: "http", url: `http://127.0.0.1:${port}/` });
    expect(await runCheck(config, options)).toMatchObject({
      status: "down",
      reason: "connection refused",
      errorCode: "connection_refused",
    });
  });

  it("says the connection was reset when the server drops it", async () => {
    const rude = await startTcpServer((socket) => {
      socket.once("data", () => socket.resetAndDestroy());
    });
    try {
      const config = httpCheckConfigSchema.parse({ type: "http", url: `http://127.0.0.1:${rude.port}/` });
      expect(await runCheck(config, options)).toMatchObject({ status: "down", errorCode: "connection_reset" });
    } finally {
      await rude.close();
    }
  });

  it("ends at once when the caller cancels", async () => {
    const controller = new AbortController();
    const pending = runCheck(http("/hang", { timeoutMs: 30_000 }), { ...options, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ status: "down", reason: "check cancelled", errorCode: "cancelled" });
  });
});
