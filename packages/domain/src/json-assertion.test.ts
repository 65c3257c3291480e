import { describe, expect, it } from "vitest";
import { evaluateJsonAssertion, type JsonAssertion } from "./json-assertion.ts";
import { parseJsonPath, readJsonPath } from "./json-path.ts";

describe("JSON paths", () => {
  it("parses dotted keys, indexes, quoted keys and a JSONPath-style root", () => {
    expect(parseJsonPath("data.items[0].status")).toEqual(["data", "items", 0, "status"]);
    expect(parseJsonPath('$.meta["content-type"]')).toEqual(["meta", "content-type"]);
    expect(parseJsonPath("[2][0]")).toEqual([2, 0]);
    expect(parseJsonPath("$[1].a")).toEqual([1, "a"]);
  });

  it("rejects malformed paths with the position of the problem", () => {
    expect(() => parseJsonPath("a..b")).toThrow(/position 2/);
    expect(() => parseJsonPath("a.")).toThrow(/ends with a dot/);
    expect(() => parseJsonPath("a[x]")).toThrow(/position 1/);
    expect(() => parseJsonPath("")).toThrow(/empty/);
  });

  it("never reads through the prototype chain", () => {
    expect(readJsonPath({}, ["constructor"])).toEqual({ found: false });
    expect(readJsonPath({ a: [1] }, ["a", "length"])).toEqual({ found: false });
    expect(readJsonPath({ a: null }, ["a"])).toEqual({ found: true, value: null });
  });
});

describe("JSON assertions", () => {
  const document = { data: { status: "up", count: 7, items: [{ id: 1 }], tags: ["eu", "prod"], none: null } };
  const check = (assertion: JsonAssertion) => evaluateJsonAssertion(document, assertion);

  it("passes when the value matches", () => {
    expect(check({ path: "data.status", op: "eq", value: "up" })).toEqual({ ok: true });
    expect(check({ path: "data.status", op: "neq", value: "down" })).toEqual({ ok: true });
    expect(check({ path: "data.count", op: "lt", value: 10 })).toEqual({ ok: true });
    expect(check({ path: "data.count", op: "gt", value: 5 })).toEqual({ ok: true });
    expect(check({ path: "data.status", op: "contains", value: "u" })).toEqual({ ok: true });
    expect(check({ path: "data.tags", op: "contains", value: "prod" })).toEqual({ ok: true });
    expect(check({ path: "data.none", op: "exists" })).toEqual({ ok: true });
    expect(check({ path: "data.gone", op: "exists", value: false })).toEqual({ ok: true });
    expect(check({ path: "data.none", op: "eq", value: null })).toEqual({ ok: true });
  });

  it("explains a failure in words", () => {
    expect(check({ path: "data.status", op: "eq", value: "down" })).toEqual({
      ok: false,
      reason: 'JSON data.status is "up", expected "down"',
    });
    expect(check({ path: "data.count", op: "lt", value: 5 })).toEqual({
      ok: false,
      reason: "JSON data.count is 7, expected less than 5",
    });
    expect(check({ path: "data.items[3].id", op: "eq", value: 1 })).toEqual({
      ok: false,
      reason: "JSON data.items[3].id not found",
    });
    expect(check({ path: "data.tags", op: "contains", value: "us" })).toEqual({
      ok: false,
      reason: 'JSON data.tags does not contain "us"',
    });
    expect(check({ path: "data.status", op: "exists", value: false })).toEqual({
      ok: false,
      reason: "JSON data.status exists, expected it to be absent",
    });
  });

  it('compares strictly: the number 7 is not the string "7"', () => {
    expect(check({ path: "data.count", op: "eq", value: "7" }).ok).toBe(false);
    expect(check({ path: "data.status", op: "gt", value: 1 }).ok).toBe(false);
  });
});
