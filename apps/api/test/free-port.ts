import { createServer } from "node:net";

function listenOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(undefined));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : undefined));
    });
  });
}

/**
 * Two consecutive free loopback ports (a base port and base + 1), for apps that add an instance
 * number to a configured port. Free when checked; another process could still take them later.
 */
export async function freePortPair(): Promise<[number, number]> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = await listenOn(0);
    if (base === undefined || base >= 65_535) continue;
    if ((await listenOn(base + 1)) !== undefined) return [base, base + 1];
  }
  throw new Error("no two consecutive free ports on 127.0.0.1");
}
