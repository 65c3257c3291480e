import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./test-server.ts";

let plainHttp: TestApi;
let behindHttps: TestApi;
beforeAll(async () => {
  plainHttp = await startTestApi({ env: { PUBLIC_URL: "http://localhost:3000" } });
  behindHttps = await startTestApi({ db: plainHttp.db, env: { PUBLIC_URL: "https://api.pingpilot.example" } });
});
afterAll(async () => {
  await behindHttps.stop();
  await plainHttp.stop();
});

/** The Content-Security-Policy as directive → sources. */
function cspOf(response: Response): Map<string, string[]> {
  const header = response.headers.get("content-security-policy") ?? "";
  return new Map(
    header
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

describe("Swagger UI's Try it out wherever /docs was opened", () => {
  it("the served document's only server is relative, whatever PUBLIC_URL says", async () => {
    for (const api of [plainHttp, behindHttps]) {
      const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as { servers: unknown };
      expect(document.servers).toEqual([{ url: "/" }]);
    }
  });

  it("the /docs page's CSP lets it call this same origin", async () => {
    const response = await fetch(`${plainHttp.url}/docs/`);
    expect(response.status).toBe(200);
    expect(cspOf(response).get("connect-src")).toEqual(["'self'"]);
  });
});

describe("security headers over plain http (development)", () => {
  it("a plain-http PUBLIC_URL gets no HSTS and no upgrade-insecure-requests", async () => {
    const response = await fetch(`${plainHttp.url}/healthz`);
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(cspOf(response).has("upgrade-insecure-requests")).toBe(false);
  });

  it("an https PUBLIC_URL keeps both", async () => {
    const response = await fetch(`${behindHttps.url}/healthz`);
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(cspOf(response).has("upgrade-insecure-requests")).toBe(true);
  });
});
