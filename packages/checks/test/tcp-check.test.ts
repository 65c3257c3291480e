import { tcpCheckConfigSchema } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAddressPolicy } from "../src/address-policy.ts";
import { runCheck } from "../src/run-check.ts";
import { loopbackAddressPolicy } from "../src/testing/index.ts";
import { closedPort, type RunningServer, startTcpServer } from "./support/servers.ts";

const addressPolicy = loopbackAddressPolicy();
let server: RunningServer;
let connections = 0;

beforeAll(async () => {
  server = await startTcpServer((socket) => {
    connections++;
    socket.on("error", () => undefined);
  });
});
afterAll(async () => server.close());

function tcp(host: string, port: number, timeoutMs = 5_000) {
  return tcpCheckConfigSchema.parse({ type: "tcp", host, port, timeoutMs });
}

describe("TCP check", () => {
  it("is up when the port accepts a connection", async () => {
    const before = connections;
    const result = await runCheck(tcp("127.0.0.1", server.port), { addressPolicy });
    expect(result).toMatchObject({ status: "up", reason: `connected to port ${server.port}`, errorCode: null });
    expect(result.responseTimeMs).toEqual(expect.any(Number));
    expect(connections).toBe(before + 1);
  });

  it("is down when the connection is refused", async () => {
    expect(await runCheck(tcp("127.0.0.1", await closedPort()), { addressPolicy })).toMatchObject({
      status: "down",
      reason: "connection refused",
    });
  });

  it("refuses private and IPv4-mapped loopback targets", async () => {
    expect(await runCheck(tcp("192.168.1.10", 22), { addressPolicy })).toMatchObject({
      errorCode: "address_not_allowed",
    });
    expect(await runCheck(tcp("::ffff:127.0.0.2", 22), { addressPolicy })).toMatchObject({
      reason: "::ffff:127.0.0.2 is a loopback address: not allowed",
    });
  });

  it("connects to the vetted address of a host name", async () => {
    const named = createAddressPolicy({
      allow: ["127.0.0.1/32"],
      lookup: async () => [{ address: "127.0.0.1", family: 4 }],
    });
    expect(await runCheck(tcp("db.test", server.port), { addressPolicy: named })).toMatchObject({ status: "up" });
  });

  it("times out when resolving the host never finishes", async () => {
    const stuck = createAddressPolicy({ lookup: () => new Promise(() => undefined) });
    expect(await runCheck(tcp("slow.example.com", 5432, 1_000), { addressPolicy: stuck })).toMatchObject({
      status: "down",
      reason: "timeout after 1 s",
      errorCode: "timeout",
    });
  });
});
