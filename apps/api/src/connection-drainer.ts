import type { Server, ServerResponse } from "node:http";
import { Server as NetServer, type Socket } from "node:net";

interface ConnectionState {
  /** Responses in flight on this connection. */
  inFlight: Set<ServerResponse>;
  /** When the last response finished (or the connection opened). */
  idleSince: number;
}

/**
 * Stops an HTTP server without failing a request that a keep-alive client is sending right then.
 *
 * `http.Server#close()` destroys idle keep-alive connections at once; a client that is just writing
 * its next request on one gets a reset (during `pm2 reload` that is a dropped request). Instead, while
 * draining: every response says `Connection: close`, so its client opens a new connection (which
 * lands on another worker), and a connection is closed by us only after it has been idle for
 * `idleMs`, when nobody is mid-request on it. The caller cuts whatever is left after its timeout.
 */
export function connectionDrainer(server: Server, idleMs = 250) {
  const connections = new Map<Socket, ConnectionState>();
  let draining = false;

  // Prepended, so the bookkeeping runs before the app can answer (and send headers) synchronously.
  server.prependListener("connection", (socket: Socket) => {
    connections.set(socket, { inFlight: new Set(), idleSince: Date.now() });
    socket.once("close", () => connections.delete(socket));
  });
  server.prependListener("request", (req, res) => {
    const state = connections.get(req.socket);
    state?.inFlight.add(res);
    if (draining) res.setHeader("connection", "close");
    res.once("close", () => {
      state?.inFlight.delete(res);
      if (state) state.idleSince = Date.now();
    });
  });

  function closeIdle(): void {
    const now = Date.now();
    for (const [socket, state] of connections) {
      if (state.inFlight.size === 0 && now - state.idleSince >= idleMs) socket.destroy();
    }
  }

  return {
    /** Stops accepting and resolves once every connection has ended. */
    drain(): Promise<void> {
      draining = true;
      for (const { inFlight } of connections.values()) {
        for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
      }
      return new Promise<void>((resolve) => {
        const sweep = setInterval(closeIdle, Math.max(10, Math.floor(idleMs / 5)));
        // net.Server's close stops accepting without http.Server's immediate cut of idle connections.
        NetServer.prototype.close.call(server, () => {
          clearInterval(sweep);
          resolve();
        });
        closeIdle();
      });
    },
  };
}
