import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import type { KeyPair } from "./certificates.ts";

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface RunningServer {
  port: number;
  /** `http://127.0.0.1:<port>` (or https). */
  origin: string;
  close(): Promise<void>;
}

/** Listens on an ephemeral loopback port and tracks sockets, so close() never waits for a hanging client. */
async function listen(server: Server | NetServer, scheme: string): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `${scheme}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function startHttpServer(handler: Handler): Promise<RunningServer> {
  return listen(createHttpServer(handler), "http");
}

export function startHttpsServer(handler: Handler, pair: KeyPair): Promise<RunningServer> {
  return listen(createHttpsServer({ key: pair.key, cert: pair.cert }, handler), "https");
}

/** A raw TCP server: `onSocket` decides what a connection gets (nothing, a reset, a trickle...). */
export function startTcpServer(onSocket: (socket: Socket) => void): Promise<RunningServer> {
  return listen(createNetServer(onSocket), "tcp");
}

/** A loopback port with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = await startTcpServer(() => undefined);
  await server.close();
  return server.port;
}
