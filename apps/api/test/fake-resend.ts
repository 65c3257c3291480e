import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface SentEmail {
  headers: IncomingHttpHeaders;
  body: { from: string; to: string | string[]; subject: string; text: string; html: string };
}

export interface FakeResend {
  url: string;
  emails: SentEmail[];
  close(): Promise<void>;
}

/** A local HTTP server standing in for the Resend API: records every email and answers like Resend. */
export async function startFakeResend(): Promise<FakeResend> {
  const emails: SentEmail[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.method !== "POST" || req.url !== "/emails") {
        res.statusCode = 404;
        res.end(JSON.stringify({ name: "not_found", statusCode: 404, message: "Not found" }));
        return;
      }
      emails.push({ headers: req.headers, body: JSON.parse(raw) as SentEmail["body"] });
      res.end(JSON.stringify({ id: `email-${emails.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    emails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
