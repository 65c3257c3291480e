import { z } from "zod";
import { jsonAssertionSchema } from "./json-assertion.ts";
import { MONITOR_LIMITS, utf8Length } from "./monitor-limits.ts";
import { statusCodeRuleSchema } from "./status-codes.ts";

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
// biome-ignore lint/suspicious/noControlCharactersInRegex: CR, LF and NUL are exactly what must be refused.
const HEADER_VALUE = /^[^\r\n\u0000]*$/;

export const timeoutMsSchema = z.number().int().min(MONITOR_LIMITS.minTimeoutMs).max(MONITOR_LIMITS.maxTimeoutMs);

export const httpUrlSchema = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
  .max(MONITOR_LIMITS.urlMaxLength)
  .refine((value) => {
    const url = new URL(value);
    return url.username === "" && url.password === "";
  }, "must not contain credentials: send them in an Authorization header");

export const httpHeadersSchema = z
  .record(
    z.string().max(MONITOR_LIMITS.headerNameMaxLength).regex(HEADER_NAME, "is not a valid header name"),
    z.string().max(MONITOR_LIMITS.headerValueMaxLength).regex(HEADER_VALUE, "must not contain line breaks"),
  )
  .superRefine((headers, ctx) => {
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
  value: z.string().min(1).max(MONITOR_LIMITS.keywordMaxLength),
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
  body: z
    .string()
    .refine(
      (body) => utf8Length(body) <= MONITOR_LIMITS.bodyMaxBytes,
      `must be at most ${MONITOR_LIMITS.bodyMaxBytes} bytes`,
    )
    .nullable()
    .default(null),
  timeoutMs: timeoutMsSchema.default(10_000),
  followRedirects: z.boolean().default(true),
  maxRedirects: z.number().int().min(0).max(MONITOR_LIMITS.maxRedirects).default(5),
  acceptedStatusCodes: z.array(statusCodeRuleSchema).min(1).max(MONITOR_LIMITS.maxStatusRules).default(["200-299"]),
  keyword: keywordRuleSchema.nullable().default(null),
  jsonAssertions: z.array(jsonAssertionSchema).max(MONITOR_LIMITS.maxJsonAssertions).default([]),
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
