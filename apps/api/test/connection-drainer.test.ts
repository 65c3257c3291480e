import { Agent, createServer, request } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { expect, it } from "vitest";
import { connectionDrainer } from "../src/connection-drainer.ts";

interface Answer {
  status: number;
  connection: string | undefined;
}

function get(port: number, agent: Agent, path = "/"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    })
      .on("error", reject)
      .end();
  });
}

it("on stop, requests in flight and on open connections are answered with Connection: close; idle connections close after a pause", async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const server = createServer((req, res) => {
    if (req.url === "/slow") void gate.then(() => res.end("slow"));
    else res.end("fast");
  });
  const drainer = connectionDrainer(server, 500);
  const open = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const idleClient = new Agent({ keepAlive: true, maxSockets: 1 });
  const busyClient = new Agent({ keepAlive: true, maxSockets: 1 });
  const steadyClient = new Agent({ keepAlive: true, maxSockets: 1 });

  expect(await get(port, idleClient)).toEqual({ status: 200, connection: "keep-alive" });
  const slow = get(port, busyClient, "/slow");
  expect(await get(port, steadyClient)).toEqual({ status: 200, connection: "keep-alive" });
  await expect.poll(() => open.size).toBe(3);

  let drained = false;
  const draining = drainer.drain().then(() => {
    drained = true;
  });
  // A client that goes on using its connection is answered, and told to reconnect elsewhere.
  expect(await get(port, steadyClient)).toEqual({ status: 200, connection: "close" });
  // The idle connection goes once it has been idle long enough; the busy one stays for its request.
  await expect.poll(() => open.size, { timeout: 5_000 }).toBe(1);
  expect(drained).toBe(false);

  release();
  expect(await slow).toEqual({ status: 200, connection: "close" });
  await draining;
  expect(drained).toBe(true);
  idleClient.destroy();
  busyClient.destroy();
  steadyClient.destroy();
});
