import { z } from "zod";
import { jsonAssertionSchema } from "./json-assertion.ts";
import { boundedArray } from "./length-checks-guard.ts";
import { MONITOR_LIMITS, utf8Length } from "./monitor-limits.ts";
import { safeRecord } from "./safe-record-key.ts";
import { statusCodeRuleSchema } from "./status-codes.ts";
import { multiLineText, singleLineText } from "./text-fields.ts";

export const httpMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** Headers a check sets itself or that would break the request framing. */
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "upgrade",
  "te",
  "trailer",
]);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const timeoutMsSchema = z.number().int().min(MONITOR_LIMITS.minTimeoutMs).max(MONITOR_LIMITS.maxTimeoutMs);

export const httpUrlSchema = singleLineText({ max: MONITOR_LIMITS.urlMaxLength, trim: true })
  .pipe(z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }))
  .refine((value) => {
    // Runs even when the format check above failed: URL.parse answers null there instead of throwing.
    const url = URL.parse(value);
    return url === null || (url.username === "" && url.password === "");
  }, "must not contain credentials: send them in an Authorization header");

export const httpHeadersSchema = safeRecord(
  singleLineText({ max: MONITOR_LIMITS.headerNameMaxLength }).regex(HEADER_NAME, "is not a valid header name"),
  singleLineText({ max: MONITOR_LIMITS.headerValueMaxLength }),
  "header",
).superRefine((headers, ctx) => {
  if (headers === null || typeof headers !== "object") return; // refused as a whole above
  const names = Object.keys(headers);
  if (names.length > MONITOR_LIMITS.maxHeaders) {
    ctx.addIssue({ code: "custom", message: `at most ${MONITOR_LIMITS.maxHeaders} headers` });
  }
  const bytes = names.reduce((sum, name) => sum + utf8Length(name) + utf8Length(headers[name] ?? ""), 0);
  if (bytes > MONITOR_LIMITS.headersMaxBytes) {
    ctx.addIssue({ code: "custom", message: `headers are larger than ${MONITOR_LIMITS.headersMaxBytes} bytes` });
  }
  for (const name of names) {
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      ctx.addIssue({ code: "custom", path: [name], message: "is set by the check itself and cannot be overridden" });
    }
  }
});

/** A word or phrase the response body must contain (or must not). */
export const keywordRuleSchema = z.object({
  value: singleLineText({ max: MONITOR_LIMITS.keywordMaxLength }).min(1),
  mode: z.enum(["contains", "not_contains"]).default("contains"),
  caseSensitive: z.boolean().default(false),
});
export type KeywordRule = z.output<typeof keywordRuleSchema>;

/** The HTTP-specific part of a monitor: what `runCheck` needs for `type: "http"`. */
export const httpCheckConfigSchema = z.object({
  type: z.literal("http"),
  url: httpUrlSchema,
  method: z.enum(httpMethods).default("GET"),
  headers: httpHeadersSchema.default({}),
  body: multiLineText({ max: MONITOR_LIMITS.bodyMaxBytes })
    .refine(
      (body) => utf8Length(body) <= MONITOR_LIMITS.bodyMaxBytes,
      `must be at most ${MONITOR_LIMITS.bodyMaxBytes} bytes`,
    )
    .nullable()
    .default(null),
  timeoutMs: timeoutMsSchema.default(10_000),
  followRedirects: z.boolean().default(true),
  maxRedirects: z.number().int().min(0).max(MONITOR_LIMITS.maxRedirects).default(5),
  acceptedStatusCodes: boundedArray(statusCodeRuleSchema, { min: 1, max: MONITOR_LIMITS.maxStatusRules }).default([
    "200-299",
  ]),
  keyword: keywordRuleSchema.nullable().default(null),
  jsonAssertions: boundedArray(jsonAssertionSchema, { max: MONITOR_LIMITS.maxJsonAssertions }).default([]),
  /** Degraded when the certificate expires within this many days; 0 turns the warning off. */
  tlsExpiryWarningDays: z.number().int().min(0).max(MONITOR_LIMITS.maxTlsWarningDays).default(14),
  ignoreTlsErrors: z.boolean().default(false),
});

export type HttpCheckConfig = z.output<typeof httpCheckConfigSchema>;

/** Cross-field rules of an HTTP configuration, as [path, message] pairs. */
export function httpConfigProblems(config: HttpCheckConfig): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (config.body !== null && (config.method === "GET" || config.method === "HEAD")) {
    problems.push(["body", `a ${config.method} request cannot have a body`]);
  }
  if (config.method === "HEAD" && (config.keyword !== null || config.jsonAssertions.length > 0)) {
    problems.push(["method", "HEAD responses have no body, so keyword and JSON assertions cannot run"]);
  }
  return problems;
}
