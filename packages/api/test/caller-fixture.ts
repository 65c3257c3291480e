import { randomUUID } from "node:crypto";
import { type Config, loadConfig } from "@pingpilot/config";
import { createTestDatabase, recordSecret, type TestDatabase, testLogger } from "@pingpilot/db/testing";
import { type Clock, systemClock } from "@pingpilot/domain";
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { fieldErrorsOf } from "../src/error-body.ts";
import { type CookieOptions, createCaller, createContextFactory, type RequestInfo } from "../src/index.ts";

export type Caller = ReturnType<typeof createCaller>;

export const password = "correct horse battery staple";

/** A cookie a procedure set (or cleared: `value` null) on the one response of a caller. */
export interface SetCookie {
  name: string;
  value: string | null;
  options: CookieOptions;
}

/** A caller that makes every call as one request with the same facts, as a client with fixed headers. */
export interface TestCaller {
  caller: Caller;
  /** What procedures did to the response's cookies, oldest first. */
  cookies: SetCookie[];
}

export interface SignedInCaller extends TestCaller {
  userId: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

export interface CallerFixture {
  db: TestDatabase;
  config: Config;
  /** A caller with these request facts (no credentials unless `headers` carry them). */
  callerFor(request?: Partial<RequestInfo>): TestCaller;
  /** A fresh account through `auth.register` (tokens in the body), and a caller with its bearer token. */
  signUp(request?: Partial<RequestInfo>): Promise<SignedInCaller>;
  /** Another login of the same account: a second session, with its own caller. */
  logIn(email: string, request?: Partial<RequestInfo>): Promise<SignedInCaller>;
  close(): Promise<void>;
}

/** Every test signs up and logs in from the same address: the per-IP limits are not what these tests are about. */
const generousAuthLimits = {
  RATE_LIMIT_REGISTER_PER_IP: "1000",
  RATE_LIMIT_LOGIN_PER_IP: "1000",
  RATE_LIMIT_LOGIN_PER_ACCOUNT: "1000",
};

/**
 * The router without HTTP: `createCaller(createContext(...))` on a fresh database of the run's real test
 * server (or on `db`, another fixture's: closing this one leaves it alone), as tRPC's next-prisma-starter
 * tests procedures. HTTP facts (cookies, headers, status codes) stay in
 * apps/api's tests.
 */
export async function createCallerFixture(
  options: { env?: Record<string, string>; clock?: Clock; db?: TestDatabase } = {},
): Promise<CallerFixture> {
  const db = options.db ?? (await createTestDatabase());
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", ...generousAuthLimits, ...options.env });
  const createContext = createContextFactory({
    config,
    db,
    logger: testLogger(),
    clock: options.clock ?? systemClock,
    version: "test",
    startedAt: new Date(),
  });

  const callerFor = (request: Partial<RequestInfo> = {}): TestCaller => {
    const cookies: SetCookie[] = [];
    const ctx = createContext(
      { ip: "127.0.0.1", userAgent: undefined, headers: {}, requestId: randomUUID(), cookies: {}, ...request },
      {
        setCookie: (name, value, cookieOptions) => cookies.push({ name, value, options: cookieOptions }),
        clearCookie: (name, cookieOptions) => cookies.push({ name, value: null, options: cookieOptions }),
      },
    );
    return { caller: createCaller(ctx), cookies };
  };

  const signedIn = (
    email: string,
    tokens: { user: { id: string }; accessToken: string; refreshToken?: string | undefined },
    request: Partial<RequestInfo>,
  ): SignedInCaller => {
    if (!tokens.refreshToken) throw new Error("no refresh token in the body");
    recordSecret("access token", tokens.accessToken);
    recordSecret("refresh token", tokens.refreshToken);
    const headers = { ...request.headers, authorization: `Bearer ${tokens.accessToken}` };
    return {
      ...callerFor({ ...request, headers }),
      userId: tokens.user.id,
      email,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
    };
  };

  return {
    db,
    config,
    callerFor,
    async signUp(request = {}) {
      const email = `user-${randomUUID().slice(0, 8)}@example.com`;
      recordSecret("password", password);
      const result = await callerFor(request).caller.auth.register({ email, password, delivery: "body" });
      return signedIn(email, result, request);
    },
    async logIn(email, request = {}) {
      const result = await callerFor(request).caller.auth.login({ email, password, delivery: "body" });
      return signedIn(email, result, request);
    },
    async close() {
      if (!options.db) await db.drop();
    },
  };
}

/** The error a call must fail with: its tRPC code, message and the field errors the API would answer. */
export async function callerErrorOf(call: Promise<unknown>): Promise<{
  code: string;
  message: string;
  fieldErrors: Record<string, string[] | undefined>;
}> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, "the call should have failed with a TRPCError").toBeInstanceOf(TRPCError);
  if (!(error instanceof TRPCError)) throw new Error("not a TRPCError");
  return { code: error.code, message: error.message, fieldErrors: fieldErrorsOf(error) ?? {} };
}

/** The tRPC code a call must fail with. */
export async function errorCodeOf(call: Promise<unknown>): Promise<string> {
  return (await callerErrorOf(call)).code;
}
