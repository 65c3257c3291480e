import type { AppRouter } from "@pingpilot/api";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";

export interface ClientOptions {
  /** Base URL of the API, e.g. `https://api.pingpilot.example` (the client adds `/trpc`). */
  url: string;
  /** Returns the current access token (bearer), if any; called before every request. */
  getAccessToken?: () => string | undefined | Promise<string | undefined>;
  /** An API key for scripts and CI, sent as `x-api-key`. */
  apiKey?: string;
  /** Extra headers, e.g. a cookie forwarded by a Next.js server component. */
  headers?: Record<string, string>;
  /** `include` in browsers that must send the refresh-token cookie cross-origin. */
  credentials?: RequestInit["credentials"];
  fetch?: typeof fetch;
}

export function createClient(options: ClientOptions) {
  const endpoint = `${options.url.replace(/\/$/, "")}/trpc`;
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: endpoint,
        transformer: superjson,
        maxURLLength: 4_000,
        async headers() {
          const token = await options.getAccessToken?.();
          return {
            ...options.headers,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(options.apiKey ? { "x-api-key": options.apiKey } : {}),
          };
        },
        fetch: (input, init) =>
          (options.fetch ?? fetch)(input, {
            ...(init as RequestInit),
            ...(options.credentials ? { credentials: options.credentials } : {}),
          }),
      }),
    ],
  });
}

export type PingPilotClient = ReturnType<typeof createClient>;
