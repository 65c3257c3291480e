/**
 * The bounds every monitor configuration is validated against. API, scheduler and client share them,
 * so a value the client accepts is a value the check engine can run.
 */
export const MONITOR_LIMITS = {
  nameMaxLength: 100,
  minIntervalSeconds: 20,
  maxIntervalSeconds: 86_400,
  /** Upper bound for retriesBeforeIncident and successesBeforeResolve. */
  maxThreshold: 10,
  maxTags: 20,
  tagMaxLength: 32,
  maxChannels: 20,
  minTimeoutMs: 500,
  maxTimeoutMs: 60_000,
  urlMaxLength: 2_048,
  hostnameMaxLength: 253,
  maxHeaders: 30,
  headerNameMaxLength: 256,
  headerValueMaxLength: 4_096,
  /** Sum of the UTF-8 bytes of every header name and value. */
  headersMaxBytes: 8_192,
  bodyMaxBytes: 65_536,
  maxRedirects: 10,
  maxStatusRules: 20,
  keywordMaxLength: 256,
  maxJsonAssertions: 10,
  jsonPathMaxLength: 256,
  jsonStringValueMaxLength: 1_024,
  maxTlsWarningDays: 365,
  dnsExpectedMaxLength: 512,
  cronMaxLength: 120,
  minHeartbeatPeriodSeconds: 60,
  /** Long enough for a monthly job. */
  maxHeartbeatPeriodSeconds: 35 * 86_400,
  maxGraceSeconds: 7 * 86_400,
  /** How much of a response body a check reads, at most, for keyword and JSON assertions. */
  responseBodyCapBytes: 1_048_576,
} as const;

/** Bytes of a string in UTF-8, which is what limits on the wire are about. */
export function utf8Length(value: string): number {
  return new TextEncoder().encode(value).byteLength;
}
