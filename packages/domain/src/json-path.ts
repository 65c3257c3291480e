import { InvalidInputError } from "./errors.ts";
import { MONITOR_LIMITS } from "./monitor-limits.ts";

/** One step into a JSON document: an object key or an array index. */
export type JsonPathSegment = string | number;

const BARE_KEY = /^[^.[\]\s"]+/;
const INDEX = /^\[(\d{1,9})\]/;
const QUOTED_KEY = /^\["((?:[^"\\]|\\.)*)"\]/;

/**
 * Parses a path such as `data.items[0].status`, `[2].name`, `$.meta["content-type"]`
 * into segments. A leading `$` or `$.` (JSONPath style) is accepted and ignored.
 * Throws InvalidInputError naming the position of the first problem.
 */
export function parseJsonPath(path: string): JsonPathSegment[] {
  if (path.length === 0) throw new InvalidInputError("path is empty", "path");
  if (path.length > MONITOR_LIMITS.jsonPathMaxLength) {
    throw new InvalidInputError(`path is longer than ${MONITOR_LIMITS.jsonPathMaxLength} characters`, "path");
  }
  let rest = path.startsWith("$.") ? path.slice(2) : path.startsWith("$") ? path.slice(1) : path;
  const segments: JsonPathSegment[] = [];
  let expectKey = true;
  while (rest.length > 0) {
    const position = path.length - rest.length;
    const index = INDEX.exec(rest);
    const quoted = QUOTED_KEY.exec(rest);
    if (index?.[1] !== undefined) {
      segments.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    } else if (quoted?.[1] !== undefined) {
      segments.push(quoted[1].replace(/\\(.)/g, "$1"));
      rest = rest.slice(quoted[0].length);
    } else if (expectKey) {
      const key = BARE_KEY.exec(rest);
      if (!key) throw new InvalidInputError(`unexpected "${rest[0]}" at position ${position} in path`, "path");
      segments.push(key[0]);
      rest = rest.slice(key[0].length);
    } else {
      throw new InvalidInputError(`unexpected "${rest[0]}" at position ${position} in path`, "path");
    }
    expectKey = false;
    if (rest.startsWith(".")) {
      rest = rest.slice(1);
      if (rest.length === 0) throw new InvalidInputError("path ends with a dot", "path");
      expectKey = true;
    }
  }
  if (segments.length === 0) throw new InvalidInputError("path has no segments", "path");
  return segments;
}

/** Follows the segments through a parsed JSON value. Only own properties count: never the prototype. */
export function readJsonPath(
  document: unknown,
  segments: readonly JsonPathSegment[],
): { found: true; value: unknown } | { found: false } {
  let current: unknown = document;
  for (const segment of segments) {
    if (typeof segment === "number") {
      if (!Array.isArray(current) || segment >= current.length) return { found: false };
      current = current[segment];
    } else {
      if (current === null || typeof current !== "object" || Array.isArray(current)) return { found: false };
      if (!Object.hasOwn(current, segment)) return { found: false };
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return { found: true, value: current };
}
