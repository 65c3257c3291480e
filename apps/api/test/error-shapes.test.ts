import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser } from "./auth-helpers.ts";
import { httpMonitorInput } from "./monitor-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

let api: TestApi;
let accessToken: string;
beforeAll(async () => {
  api = await startTestApi();
  accessToken = (await registerUser(api)).accessToken;
});
afterAll(async () => api.stop());

interface TrpcErrorBody {
  error?: { json?: { message?: string; data?: { code?: string; httpStatus?: number; fieldErrors?: unknown } } };
}
interface RestErrorBody {
  error?: { code?: string; message?: string; fieldErrors?: unknown };
}

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as TrpcErrorBody & RestErrorBody };
}

/** What a message must never be: zod's issue array as JSON, a stack, an internal class name. */
function expectHumanSentence(message: string | undefined): void {
  expect(message).toBeTypeOf("string");
  expect(message).not.toMatch(/^\s*[[{]/);
  expect(message).not.toMatch(/"code"|"path"|\bat .+:\d+:\d+|ZodError|TRPCError|\^\(\?/);
}

describe("the tRPC error shape", () => {
  it("an invalid email at register says which field is wrong in one sentence, not the issue list or the regex", async () => {
    const answer = await post(
      "/trpc/auth.register",
      JSON.stringify({ json: { email: "nope", password: "x".repeat(12) } }),
    );
    expect(answer.status).toBe(400);
    const error = answer.body.error?.json;
    expect(error?.message).toBe("email: must be an email address");
    expectHumanSentence(error?.message);
    expect(error?.data).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { email: ["must be an email address"] } });
  });

  it("a call without the superjson wrapper is told how to send its input", async () => {
    const answer = await post("/trpc/auth.login", JSON.stringify({ email: "a@example.com", password: "secret" }));
    expect(answer.status).toBe(400);
    expectHumanSentence(answer.body.error?.json?.message);
    expect(answer.body.error?.json?.message).toMatch(/\{"json": <input>\}/);
    expect(answer.body.error?.json?.data?.code).toBe("BAD_REQUEST");
  });

  it("malformed JSON answers tRPC's own PARSE_ERROR envelope, not the REST body", async () => {
    const answer = await post("/trpc/auth.login", '{"json": {"email": ');
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBeUndefined();
    expect(answer.body.error?.json).toMatchObject({
      message: "The request body is not valid JSON",
      data: { code: "PARSE_ERROR", httpStatus: 400 },
    });
  });
});

describe("the REST error shape", () => {
  it("invalid input names the first field error in message, with every field error beside it", async () => {
    const answer = await post("/api/v1/monitors", JSON.stringify(httpMonitorInput({ intervalSeconds: 5 })), {
      authorization: `Bearer ${accessToken}`,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe("BAD_REQUEST");
    expect(answer.body.error?.message).toMatch(/^intervalSeconds: /);
    expectHumanSentence(answer.body.error?.message);
    // The timeout the caller never sent is not blamed for the interval's problem.
    expect(answer.body.error?.fieldErrors).toEqual({ intervalSeconds: [expect.any(String)] });
  });

  it("a text/plain body answers 415 UNSUPPORTED_MEDIA_TYPE with a sentence saying to send JSON", async () => {
    const answer = await post("/api/v1/monitors", JSON.stringify(httpMonitorInput()), {
      authorization: `Bearer ${accessToken}`,
      "content-type": "text/plain",
    });
    expect(answer.status).toBe(415);
    expect(answer.body.error).toEqual({
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: "The body must be JSON sent with Content-Type: application/json (got text/plain)",
    });
  });

  it("malformed JSON answers 400 in the REST body with a sentence", async () => {
    const answer = await post("/api/v1/monitors", "{nope", { authorization: `Bearer ${accessToken}` });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({ code: "BAD_REQUEST", message: "The request body is not valid JSON" });
  });
});
