import { z } from "zod";
import { DomainError } from "./errors.ts";
import { parseJsonPath, readJsonPath } from "./json-path.ts";
import { MONITOR_LIMITS } from "./monitor-limits.ts";
import { singleLineText } from "./text-fields.ts";

export const jsonAssertionOperators = ["eq", "neq", "lt", "gt", "contains", "exists"] as const;
export type JsonAssertionOperator = (typeof jsonAssertionOperators)[number];

const jsonScalarSchema = z.union([
  singleLineText({ max: MONITOR_LIMITS.jsonStringValueMaxLength }),
  z.number().finite(),
  z.boolean(),
  z.null(),
]);

const jsonPathSchema = singleLineText({ max: MONITOR_LIMITS.jsonPathMaxLength, trim: true })
  .min(1)
  .superRefine((path, ctx) => {
    try {
      parseJsonPath(path);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof DomainError ? error.message : "invalid path" });
    }
  });

/**
 * One assertion on a JSON response: `{ path: "data.items[0].status", op: "eq", value: "ok" }`.
 * `lt`/`gt` need a number; `contains` a string (substring, or an element of an array);
 * `exists` takes no value, or `false` to require the path to be absent.
 */
export const jsonAssertionSchema = z
  .object({
    path: jsonPathSchema,
    op: z.enum(jsonAssertionOperators),
    value: jsonScalarSchema.optional(),
  })
  .superRefine((assertion, ctx) => {
    const { op, value } = assertion;
    if ((op === "lt" || op === "gt") && typeof value !== "number") {
      ctx.addIssue({ code: "custom", path: ["value"], message: `"${op}" needs a number to compare with` });
    }
    if (op === "contains" && (value === undefined || value === null)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: '"contains" needs a value to look for' });
    }
    if ((op === "eq" || op === "neq") && value === undefined) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `"${op}" needs a value (null is allowed)` });
    }
    if (op === "exists" && value !== undefined && typeof value !== "boolean") {
      ctx.addIssue({ code: "custom", path: ["value"], message: '"exists" takes no value, or true/false' });
    }
  });

export type JsonAssertion = z.output<typeof jsonAssertionSchema>;

export type AssertionOutcome = { ok: true } | { ok: false; reason: string };

/** A short, readable rendering of a JSON value for a check reason. */
function show(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function containsValue(actual: unknown, expected: unknown): boolean {
  if (typeof actual === "string" && typeof expected === "string") return actual.includes(expected);
  if (Array.isArray(actual)) return actual.some((item) => item === expected);
  return false;
}

/**
 * Evaluates one assertion against a parsed JSON document. Equality is strict: the number 200 is
 * not the string "200". Pure: the check engine and tests call it the same way.
 */
export function evaluateJsonAssertion(document: unknown, assertion: JsonAssertion): AssertionOutcome {
  const { path, op, value } = assertion;
  const lookup = readJsonPath(document, parseJsonPath(path));
  if (op === "exists") {
    const wanted = value !== false;
    if (lookup.found === wanted) return { ok: true };
    return { ok: false, reason: wanted ? `JSON ${path} not found` : `JSON ${path} exists, expected it to be absent` };
  }
  if (!lookup.found) return { ok: false, reason: `JSON ${path} not found` };
  const actual = lookup.value;
  switch (op) {
    case "eq":
      return actual === value
        ? { ok: true }
        : { ok: false, reason: `JSON ${path} is ${show(actual)}, expected ${show(value)}` };
    case "neq":
      return actual !== value
        ? { ok: true }
        : { ok: false, reason: `JSON ${path} is ${show(actual)}, expected anything else` };
    case "lt":
    case "gt": {
      const holds =
        typeof actual === "number" && typeof value === "number" && (op === "lt" ? actual < value : actual > value);
      const wanted = `${op === "lt" ? "less" : "greater"} than ${show(value)}`;
      return holds ? { ok: true } : { ok: false, reason: `JSON ${path} is ${show(actual)}, expected ${wanted}` };
    }
    case "contains":
      return containsValue(actual, value)
        ? { ok: true }
        : { ok: false, reason: `JSON ${path} does not contain ${show(value)}` };
  }
}
