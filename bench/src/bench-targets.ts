import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, createServer as createTcpServer, type Server } from "node:net";

export interface BenchTargets {
  fastUrl: string;
  slowUrl: string;
  failingUrl: string;
  tcpPort: number;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

/** Loopback targets: a fast site, a slow one (2 s), a failing one (HTTP 500) and a TCP service. */
export async function startBenchTargets(): Promise<BenchTargets> {
  const fast = createHttpServer((_req, res) => res.end("OK"));
  const slow = createHttpServer((_req, res) => setTimeout(() => res.end("OK"), 2_000));
  const failing = createHttpServer((_req, res) => {
    res.statusCode = 500;
    res.end("broken");
  });
  const tcp = createTcpServer((socket) => socket.end());
  const servers = [fast, slow, failing, tcp];
  for (const server of servers) server.maxConnections = 10_000;
  const [fastPort, slowPort, failingPort, tcpPort] = await Promise.all(servers.map(listen));
  return {
    fastUrl: `http://127.0.0.1:${fastPort}/`,
    slowUrl: `http://127.0.0.1:${slowPort}/`,
    failingUrl: `http://127.0.0.1:${failingPort}/`,
    tcpPort: tcpPort ?? 0,
    async close() {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              if ("closeAllConnections" in server) (server as { closeAllConnections(): void }).closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
