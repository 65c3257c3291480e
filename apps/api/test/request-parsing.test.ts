import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_JSON_NESTING } from "../src/json-body.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api.stop());

/** `{"a":{"a":…}}` nested `depth` levels deep. */
function nested(depth: number): string {
  return `${'{"a":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}`;
}

async function postJson(path: string, body: string) {
  const response = await fetch(`${api.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
}

describe("JSON nested thousands of levels deep", () => {
  it("is refused with 400 in tRPC's error envelope on the unauthenticated login, not a 500", async () => {
    const answer = await postJson("/trpc/auth.login", nested(5_000));
    expect(answer.status).toBe(400);
    expect(answer.type).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { json: { message: `JSON nested deeper than ${MAX_JSON_NESTING} levels`, data: { code: "BAD_REQUEST" } } },
    });
  });

  it("is refused the same way in a tRPC batch and on the REST API", async () => {
    for (const [path, body] of [
      ["/trpc/auth.login,auth.register?batch=1", `{"0":${nested(5_000)}}`],
      ["/api/v1/monitors", nested(5_000)],
      ["/api/v1/monitors", `[${"[".repeat(10_000)}${"]".repeat(10_000)}]`],
    ] as const) {
      const answer = await postJson(path, body);
      expect(answer.status, path).toBe(400);
      const error = (JSON.parse(answer.body) as { error: { code?: string; json?: { data: { code: string } } } }).error;
      // Each transport in its own shape: tRPC's envelope on /trpc, the documented body on /api/v1.
      expect(error.json?.data.code ?? error.code, path).toBe("BAD_REQUEST");
    }
    // /push reads its body as text: deep JSON there is only a (capped) message; 1,500 levels fit its 10 kB limit.
    expect(await postJson(`/push/${"A".repeat(24)}`, nested(1_500))).toMatchObject({
      status: 404,
      body: "Not found\n",
    });
  });

  it("a body exactly at the bound still reaches the procedure (and fails its validation, not the parser)", async () => {
    const answer = await postJson("/api/v1/monitors", nested(MAX_JSON_NESTING));
    // The REST route authenticates before validating: the body got past the parser.
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "UNAUTHORIZED" } });
  });
});

describe("headers over Node's size limit", () => {
  /** Raw HTTP: fetch would refuse to send headers this large on some versions; the server must answer anyway. */
  function getWithHugeHeader(): Promise<{ status: number; type: string | undefined; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${api.url}/healthz`, { headers: { "x-filler": "x".repeat(40_000) } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("get 431 with the documented JSON error body instead of an empty one", async () => {
    const answer = await getWithHugeHeader();
    expect(answer.status).toBe(431);
    expect(answer.type).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: "REQUEST_HEADER_FIELDS_TOO_LARGE", message: "Request headers too large" },
    });
  });
});
