import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createMonitorInputSchema, updateMonitorInputSchema } from "./monitor.ts";
import { isSafeRecordKey } from "./safe-record-key.ts";

const http = { type: "http", name: "Home page", url: "https://example.com/" };

function headerErrors(headers: unknown, schema: z.ZodType = createMonitorInputSchema): string[] {
  const input: Record<string, unknown> =
    schema === createMonitorInputSchema ? { ...http, headers } : { type: "http", headers };
  const result = schema.safeParse(input);
  expect(result.success, "the headers should have been refused").toBe(false);
  const fieldErrors: Record<string, string[] | undefined> = result.error
    ? z.flattenError(result.error).fieldErrors
    : {};
  return fieldErrors.headers ?? [];
}

describe("record keys", () => {
  it("prototype keys, $-operators, dotted paths and NUL are not safe keys; header-like names are", () => {
    for (const key of ["__proto__", "constructor", "prototype", "$where", "$gt", "a.b", "a\u0000b"]) {
      expect(isSafeRecordKey(key), key).toBe(false);
    }
    for (const key of ["x-api-key", "Authorization", "proto", "Constructor-Id", "a$b"]) {
      expect(isSafeRecordKey(key), key).toBe(true);
    }
  });

  it("a header named constructor or prototype is refused on the headers field, naming the header", () => {
    expect(headerErrors({ constructor: "x" })).toEqual(['header "constructor" is a reserved JavaScript name']);
    expect(headerErrors({ "X-Ok": "1", prototype: "x" })).toEqual(['header "prototype" is a reserved JavaScript name']);
    expect(headerErrors({ constructor: "x" }, updateMonitorInputSchema)).toHaveLength(1);
  });

  it("a __proto__ header from a JSON body is refused, not dropped silently", () => {
    expect(headerErrors(JSON.parse('{"__proto__": "x"}'))).toEqual([
      'header "__proto__" is a reserved JavaScript name',
    ]);
    expect(headerErrors(JSON.parse('{"__proto__": {"polluted": "yes"}}'))).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("header names starting with $ or holding a dot are refused, since MongoDB reads them as operators and paths", () => {
    expect(headerErrors({ $where: "1" })).toEqual(['header "$where" must not start with $']);
    expect(headerErrors({ "x.y": "1" })).toEqual(['header "x.y" must not contain a dot']);
  });

  it("an invalid header name says which one and why", () => {
    expect(headerErrors({ "bad name": "1" })).toEqual(['header "bad name" is not a valid header name']);
  });
});
