import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createMonitorInputSchema } from "./monitor.ts";
import { multiLineText, singleLineText, textProblem } from "./text-fields.ts";

const http = { type: "http", name: "Home page", url: "https://example.com/" };

function fieldErrorsOf(schema: z.ZodType, input: unknown): Record<string, string[] | undefined> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  return z.flattenError(result.error).fieldErrors as Record<string, string[] | undefined>;
}

describe("text fields", () => {
  it("single-line text refuses C0, DEL and C1 control characters, tabs and line breaks included", () => {
    const name = singleLineText({ max: 50 });
    for (const bad of [
      "a\u0000b",
      "a\u0007b",
      "a\tb",
      "a\nb",
      "a\r\nb",
      "a\u001bb",
      "a\u007fb",
      "a\u0085b",
      "a\u009fb",
    ]) {
      expect(name.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(name.parse("Ünïcödé — ok ✓")).toBe("Ünïcödé — ok ✓");
  });

  it("multi-line text allows tabs, \\n and \\r\\n, and nothing else of the control characters", () => {
    const body = multiLineText({ max: 50 });
    expect(body.parse('{\n\t"a": 1\r\n}')).toBe('{\n\t"a": 1\r\n}');
    for (const bad of ["a\rb", "a\u0000b", "a\u000bb", "a\u007fb", "a\u0080b"]) {
      expect(body.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("text that came from broken input (a lone surrogate, or U+FFFD from invalid UTF-8) is refused", () => {
    expect(textProblem("a\ud800b", "single-line")).toMatch(/broken character/);
    expect(textProblem("a\udc00", "multi-line")).toMatch(/broken character/);
    expect(textProblem("caf\ufffd", "single-line")).toMatch(/broken character/);
    expect(textProblem("emoji 😀 pairs are fine", "single-line")).toBeUndefined();
  });

  it("a missing text field says it is required, a non-text one says it must be text", () => {
    expect(fieldErrorsOf(z.object({ name: singleLineText({ max: 5 }) }), {}).name).toEqual(["is required"]);
    expect(fieldErrorsOf(z.object({ name: singleLineText({ max: 5 }) }), { name: { $gt: "" } }).name).toEqual([
      "must be text",
    ]);
  });

  it("monitor names, tags, URLs, header values, bodies and keywords name the field that holds a control character", () => {
    expect(fieldErrorsOf(createMonitorInputSchema, { ...http, name: "Home\u0000page" }).name).toEqual([
      "must not contain control characters or line breaks",
    ]);
    expect(fieldErrorsOf(createMonitorInputSchema, { ...http, tags: ["prod", "a\u0007"] }).tags).toBeDefined();
    expect(fieldErrorsOf(createMonitorInputSchema, { ...http, url: "https://example.com/\u0000" }).url).toBeDefined();
    expect(fieldErrorsOf(createMonitorInputSchema, { ...http, headers: { "x-a": "b\tc" } }).headers).toBeDefined();
    expect(
      fieldErrorsOf(createMonitorInputSchema, { ...http, method: "POST", body: "line\r\nline\u0000" }).body,
    ).toBeDefined();
    expect(createMonitorInputSchema.parse({ ...http, method: "POST", body: "a\r\nb\n\tc" })).toMatchObject({
      body: "a\r\nb\n\tc",
    });
    expect(fieldErrorsOf(createMonitorInputSchema, { ...http, keyword: { value: "caf\ufffd" } }).keyword).toBeDefined();
  });
});

describe("URL fields", () => {
  it("a malformed URL is a field error, never an exception, and a missing one says required", () => {
    for (const url of ["not a url", "http://", "http://exa mple.com/", "https://[::1", ""]) {
      const result = createMonitorInputSchema.safeParse({ ...http, url });
      expect(result.success, url).toBe(false);
      expect(result.error && z.flattenError(result.error).fieldErrors).toMatchObject({
        url: expect.arrayContaining([expect.any(String)]),
      });
    }
    const { url: _url, ...missing } = http;
    expect(fieldErrorsOf(createMonitorInputSchema, missing).url).toEqual(["is required"]);
  });
});
