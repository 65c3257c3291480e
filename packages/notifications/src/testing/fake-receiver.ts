import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake does with the next request: answer 2xx, answer with a status, never answer, or cut the connection. */
export type ReceiverBehaviour =
  | "ok"
  | "hang"
  | "reset"
  | { status: number; body?: string; headers?: Record<string, string> };

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: unknown;
  /** `Idempotency-Key` (Resend) or `x-pingpilot-delivery-id` (webhooks). */
  key: string | null;
  /** The status it was answered with; null when it was not answered. */
  answered: number | null;
}

export interface FakeReceiver {
  /** `http://127.0.0.1:<port>`: the Resend base URL, or a webhook URL with any path. */
  url: string;
  /** Every request, repeats included. */
  requests: ReceivedRequest[];
  /**
   * What the person sees: accepted requests, one per idempotency key. Resend sends one email per key,
   * and a receiver following docs/notifications.md drops a delivery id it has seen.
   */
  messages(): ReceivedRequest[];
  /** Behaviours for the next requests, in order; after them every request is accepted. */
  respond(...behaviours: ReceiverBehaviour[]): void;
  /** Forgets the recorded requests and the queued behaviours. */
  reset(): void;
  close(): Promise<void>;
}

function keyOf(headers: IncomingHttpHeaders): string | null {
  const value = headers["idempotency-key"] ?? headers["x-pingpilot-delivery-id"];
  return typeof value === "string" ? value : null;
}

/**
 * A local HTTP server standing in for Resend (`POST /emails` answers `{ id }`) and for webhook, Slack
 * and Discord receivers, for tests: real HTTP on 127.0.0.1.
 */
export async function startFakeReceiver(): Promise<FakeReceiver> {
  const requests: ReceivedRequest[] = [];
  const queue: ReceiverBehaviour[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on("end", () => {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // not JSON: keep the text
      }
      const request: ReceivedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        rawBody: raw,
        body,
        key: keyOf(req.headers),
        answered: null,
      };
      requests.push(request);
      const behaviour = queue.shift() ?? "ok";
      if (behaviour === "hang") return;
      if (behaviour === "reset") {
        req.socket.destroy();
        return;
      }
      res.setHeader("content-type", "application/json");
      if (behaviour === "ok") {
        request.answered = 200;
        res.end(JSON.stringify({ id: `msg-${requests.length}` }));
        return;
      }
      for (const [name, value] of Object.entries(behaviour.headers ?? {})) res.setHeader(name, value);
      request.answered = behaviour.status;
      res.statusCode = behaviour.status;
      res.end(
        behaviour.body ?? JSON.stringify({ name: "error", statusCode: behaviour.status, message: "fake failure" }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    messages() {
      const seen = new Set<string>();
      return requests.filter((request) => {
        if (request.answered === null || request.answered >= 300) return false;
        if (request.key === null) return true;
        if (seen.has(request.key)) return false;
        seen.add(request.key);
        return true;
      });
    },
    respond(...behaviours) {
      queue.push(...behaviours);
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
