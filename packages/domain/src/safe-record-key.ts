import { z } from "zod";

/**
 * Keys a record-shaped input (HTTP headers) may not use. `__proto__`, `constructor` and `prototype` are
 * prototype keys: superjson refuses to serialise an object holding one, and code that copies such an
 * object can end up changing a prototype. MongoDB and Mongoose treat `$` at the start of a key (an
 * operator) and `.` inside it (a path) specially, and NUL ends a key in BSON.
 */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Why a key may not be stored, or undefined when it may. */
export function unsafeRecordKeyReason(key: string): string | undefined {
  if (PROTOTYPE_KEYS.has(key)) return "is a reserved JavaScript name";
  if (key.startsWith("$")) return "must not start with $";
  if (key.includes(".")) return "must not contain a dot";
  if (key.includes("\u0000")) return "must not contain NUL";
  return undefined;
}

export function isSafeRecordKey(key: string): boolean {
  return unsafeRecordKeyReason(key) === undefined;
}

/**
 * A `z.record` whose keys are all safe record keys, each refusal naming the key. The raw input's own keys
 * are checked before the record is parsed, because zod drops a `__proto__` key silently (it would reach
 * neither the key schema nor the output): a caller who sends one gets an error, not a quietly edited value.
 */
export function safeRecord<Value extends z.ZodType>(key: z.ZodString, value: Value, what = "key") {
  const record = z.record(key, value, {
    // The record's own message ("Invalid key in record") hides the key schema's reason: bring it up.
    error: (issue) =>
      issue.code === "invalid_key"
        ? `${what} ${JSON.stringify(issue.input)} ${issue.issues[0]?.message ?? "is not valid"}`
        : undefined,
  });
  return z.preprocess<unknown, typeof record, z.input<typeof record>>((input, ctx) => {
    if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
    for (const name of Reflect.ownKeys(input)) {
      if (typeof name !== "string") continue;
      const reason = unsafeRecordKeyReason(name);
      if (reason) ctx.addIssue({ code: "custom", path: [name], message: `${what} ${JSON.stringify(name)} ${reason}` });
    }
    return input;
  }, record);
}
