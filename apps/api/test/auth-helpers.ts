import { randomUUID } from "node:crypto";
import { type AuthResult, createClient, isClientError, type PingPilotClient } from "@pingpilot/client";
import { recordSecret } from "@pingpilot/db/testing";
import { expect } from "vitest";
import { secretRecordingFetch } from "./secret-recording-fetch.ts";
import type { TestApi } from "./test-server.ts";

export const password = "correct horse battery staple";

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
}

/** A typed client that sends this bearer token. */
export function bearerClient(api: TestApi, accessToken: string): PingPilotClient {
  return createClient({ url: api.url, getAccessToken: () => accessToken, fetch: secretRecordingFetch() });
}

export interface RegisteredUser extends AuthResult {
  email: string;
  password: string;
  refreshToken: string;
  client: PingPilotClient;
}

/** Registers an account with the refresh token in the body, as a script would. */
export async function registerUser(
  api: TestApi,
  options: { email?: string; name?: string } = {},
): Promise<RegisteredUser> {
  const email = options.email ?? uniqueEmail();
  recordSecret("password", password);
  const result = await createClient({ url: api.url, fetch: secretRecordingFetch() }).auth.register.mutate({
    email,
    password,
    ...(options.name ? { name: options.name } : {}),
    delivery: "body",
  });
  if (!result.refreshToken) throw new Error("no refresh token in the body");
  return {
    ...result,
    refreshToken: result.refreshToken,
    email,
    password,
    client: bearerClient(api, result.accessToken),
  };
}

/** Makes a user an administrator directly in the database (how the first admin is made: scripts/set-role.ts). */
export async function promoteToAdmin(api: TestApi, userId: string): Promise<void> {
  await api.db.models.User.updateOne({ _id: userId }, { $set: { role: "admin" } });
}

/** The tRPC error code a call failed with (fails the test if it succeeded). */
export async function errorCodeOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isClientError(error), "the call should have failed with an API error").toBe(true);
  return isClientError(error) ? (error.data?.code ?? "NO_CODE") : "NOT_AN_API_ERROR";
}

export interface CookieJar {
  fetch: typeof fetch;
  cookies: Map<string, string>;
  /** Every Set-Cookie header line received, oldest first. */
  setCookieLines: string[];
}

/** A minimal browser-like cookie store for the client's `fetch`. */
export function cookieJar(): CookieJar {
  const cookies = new Map<string, string>();
  const setCookieLines: string[] = [];
  const jarFetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (cookies.size > 0) {
      headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    }
    const response = await secretRecordingFetch()(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      setCookieLines.push(line);
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const equals = pair.indexOf("=");
      const name = pair.slice(0, equals);
      const expired = attributes.some(
        (attribute) =>
          /^max-age=0$/i.test(attribute) ||
          (/^expires=/i.test(attribute) && new Date(attribute.slice(8)).getTime() <= Date.now()),
      );
      if (expired) cookies.delete(name);
      else cookies.set(name, pair.slice(equals + 1));
    }
    return response;
  };
  return { fetch: jarFetch, cookies, setCookieLines };
}
