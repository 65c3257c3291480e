import type { UserProfile } from "@pingpilot/domain";
import { type ClientOptions, createClient, type PingPilotClient } from "./create-client.ts";

export interface SessionClientOptions extends Omit<ClientOptions, "getAccessToken" | "apiKey"> {
  /** Refresh when the access token has less than this left (default 30 s). */
  refreshMarginMs?: number;
  /**
   * The `deviceToken` kept from an earlier run: sent with `login`, it makes this client trusted, so
   * other people's wrong passwords cannot lock it out of the account (docs/auth.md, "Brute force").
   */
  deviceToken?: string;
}

interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
}

export interface SessionClient {
  /** The typed client; every call carries a fresh access token, refreshed when it is about to expire. */
  client: PingPilotClient;
  login(email: string, password: string): Promise<UserProfile>;
  /** Continues a session from a refresh token kept from an earlier run. */
  resume(refreshToken: string): Promise<UserProfile>;
  /** Rotates the tokens now (concurrent callers share one refresh). */
  refresh(): Promise<void>;
  logout(): Promise<void>;
  /** The current refresh token, to keep somewhere safe between runs; it changes on every refresh. */
  readonly refreshToken: string | undefined;
  /** This client's device token, renewed by every login; keep it between runs with the refresh token. */
  readonly deviceToken: string | undefined;
}

/**
 * For scripts and servers that log in with a password: holds the tokens in memory (refresh token in the
 * body, not a cookie) and refreshes the access token before it expires. Browsers use the cookie flow
 * instead (see docs/auth.md).
 */
export function createSessionClient(options: SessionClientOptions): SessionClient {
  const margin = options.refreshMarginMs ?? 30_000;
  const bare = createClient(options);
  let tokens: Tokens | undefined;
  let refreshing: Promise<UserProfile> | undefined;
  let deviceToken = options.deviceToken;

  async function rotate(refreshToken: string): Promise<UserProfile> {
    try {
      const result = await bare.auth.refresh.mutate({ refreshToken, delivery: "body" });
      if (!result.refreshToken) throw new Error("the API did not return a refresh token");
      tokens = { ...result, refreshToken: result.refreshToken };
      return result.user;
    } catch (error) {
      tokens = undefined;
      throw error;
    }
  }

  function refreshOnce(refreshToken: string): Promise<UserProfile> {
    refreshing ??= rotate(refreshToken).finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  async function accessToken(): Promise<string | undefined> {
    if (refreshing) await refreshing;
    if (!tokens) return undefined;
    if (tokens.accessTokenExpiresAt.getTime() - Date.now() > margin) return tokens.accessToken;
    await refreshOnce(tokens.refreshToken);
    return tokens?.accessToken;
  }

  return {
    client: createClient({ ...options, getAccessToken: accessToken }),
    async login(email, password) {
      const result = await bare.auth.login.mutate({
        email,
        password,
        delivery: "body",
        ...(deviceToken ? { deviceToken } : {}),
      });
      if (!result.refreshToken) throw new Error("the API did not return a refresh token");
      tokens = { ...result, refreshToken: result.refreshToken };
      deviceToken = result.deviceToken ?? deviceToken;
      return result.user;
    },
    resume: (refreshToken) => refreshOnce(refreshToken),
    async refresh() {
      if (!tokens) throw new Error("not logged in");
      await refreshOnce(tokens.refreshToken);
    },
    async logout() {
      const current = tokens;
      tokens = undefined;
      if (current) await bare.auth.logout.mutate({ refreshToken: current.refreshToken });
    },
    get refreshToken() {
      return tokens?.refreshToken;
    },
    get deviceToken() {
      return deviceToken;
    },
  };
}
