import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createTcpServer } from "node:net";

export interface HttpTarget {
  url: string;
  /** Requests that reached the server so far. */
  received(): number;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that answers after `delayMs` (never, when `hang` returns true),
 * with `status` (a function lets a test take the target down and bring it back).
 */
export async function startHttpTarget(
  options: { delayMs?: number; hang?: () => boolean; status?: number | (() => number) } = {},
): Promise<HttpTarget> {
  let received = 0;
  const server: Server = createServer((_req, res) => {
    received += 1;
    if (options.hang?.()) return;
    setTimeout(() => {
      const status = typeof options.status === "function" ? options.status() : (options.status ?? 200);
      res.writeHead(status, { "content-type": "text/plain" });
      res.end("OK");
    }, options.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/health`,
    received: () => received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nothing listening on it (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
