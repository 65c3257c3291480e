import { recordSecret, type SecretKind } from "@pingpilot/db/testing";

const patterns: Array<[SecretKind, RegExp]> = [
  ["access token", /"accessToken":"([^"]{16,})"/g],
  ["refresh token", /"refreshToken":"([^"]{16,})"/g],
  ["api key", /pp_[0-9a-f]{24}_([A-Za-z0-9_-]{43})/g],
  ["push token", /\/push\/([A-Za-z0-9_-]{16,})/g],
  ["refresh token", /pp_refresh=([^;]{16,})/g],
];

/** Records every secret in a text the API sent (tokens, API keys, push URLs) for the run's secret scan. */
export function recordSecretsIn(text: string): void {
  for (const [kind, pattern] of patterns) {
    for (const match of text.matchAll(pattern)) if (match[1]) recordSecret(kind, match[1]);
  }
}

/** `fetch` for test clients: every secret the API hands out is recorded for the run's secret scan. */
export function secretRecordingFetch(inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    recordSecretsIn(await response.clone().text());
    for (const line of response.headers.getSetCookie()) recordSecretsIn(line);
    return response;
  };
}
