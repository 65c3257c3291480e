import type { ApiKeyScope, UserRole } from "@pingpilot/domain";
import type { ApiDependencies } from "./dependencies.ts";
import { type ApiServices, createApiServices } from "./services.ts";

/** Per-request facts the host (Express) passes in. */
export interface RequestInfo {
  ip: string;
  userAgent: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  requestId: string;
  /** Cookies the request carried, by name. */
  cookies: Record<string, string>;
}

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  sameSite: "lax" | "strict";
  path: string;
  /** Omitted: a browser-session cookie. */
  maxAgeSeconds?: number;
}

/** What a procedure may do to the HTTP response besides returning data. */
export interface ResponseControl {
  setCookie(name: string, value: string, options: CookieOptions): void;
  clearCookie(name: string, options: CookieOptions): void;
}

/** Who is calling: set by `protectedProcedure`, present in every procedure built on it. */
export interface AuthContext {
  userId: string;
  role: UserRole;
  /** A bearer access token (a login session) or an `x-api-key`. */
  via: "token" | "apiKey";
  /** Access tokens are always `full`; API keys carry their own scope. */
  scope: ApiKeyScope;
  /** The login session of an access token; absent for API keys. */
  sessionId?: string;
}

export interface Context extends ApiDependencies {
  services: ApiServices;
  request: RequestInfo;
  response: ResponseControl;
}

/**
 * Builds the per-request context factory. Services (password hasher, token signer, rate limiter, email
 * sender) are created once here, not per request.
 */
export function createContextFactory(deps: ApiDependencies) {
  const services = createApiServices(deps);
  return (request: RequestInfo, response: ResponseControl): Context => ({
    ...deps,
    services,
    request,
    response,
    logger: deps.logger.child({ reqId: request.requestId }),
  });
}

/** One-off context (scripts, callers in tests); a host serving requests uses {@link createContextFactory}. */
export function createContext(deps: ApiDependencies, request: RequestInfo, response: ResponseControl): Context {
  return createContextFactory(deps)(request, response);
}
