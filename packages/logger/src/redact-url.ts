/** Query parameters whose values are secrets, compared case-insensitively after decoding the name. */
export const secretQueryParameters: readonly string[] = [
  "token",
  "key",
  "api_key",
  "apikey",
  "api-key",
  "secret",
  "password",
  "access_token",
  "refresh_token",
  "auth",
  "signature",
  "sig",
];

const censor = "[redacted]";
const secretNames = new Set(secretQueryParameters);
/** Path segments that are secrets themselves: the heartbeat push token (`/push/<token>/…`). */
const secretPathSegment = /(\/push\/)[^/?#]+/gi;
/** `scheme://user:password@host`: credentials in the authority. */
const userInfo = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i;

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, " ")).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

function redactQuery(query: string): string {
  return query
    .split("&")
    .map((pair) => {
      const equals = pair.indexOf("=");
      const name = equals === -1 ? pair : pair.slice(0, equals);
      return equals !== -1 && secretNames.has(decodedName(name)) ? `${name}=${censor}` : pair;
    })
    .join("&");
}

/**
 * A URL (absolute, or a request's path and query) fit for a log line: the push token in `/push/<token>`, the
 * values of secret-looking query parameters and any `user:password@` are replaced by "[redacted]"; the rest
 * is kept as it was sent, so a log line still shows which route was called.
 */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf("#");
  const withoutHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = withoutHash.indexOf("?");
  const path = queryAt === -1 ? withoutHash : withoutHash.slice(0, queryAt);
  const redactedPath = path.replace(userInfo, `$1${censor}@`).replace(secretPathSegment, `$1${censor}`);
  return queryAt === -1 ? redactedPath : `${redactedPath}?${redactQuery(withoutHash.slice(queryAt + 1))}`;
}
