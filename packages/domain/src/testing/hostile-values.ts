/**
 * Values a hostile caller puts where a schema expects something else, for the hostile-input suites (the
 * domain's property tests and the API's end-to-end ones). Built fresh on each call: some are large.
 */
export function hostileValues(): Array<[label: string, value: unknown]> {
  let deep: Record<string, unknown> = { leaf: "x" };
  for (let depth = 0; depth < 2_000; depth++) deep = { nested: deep };
  return [
    ["operator $gt", { $gt: "" }],
    ["operator $ne", { $ne: null }],
    ["operator $where", { $where: "sleep(1000) || true" }],
    ["operator $regex", { $regex: ".*", $options: "i" }],
    ["operator in an array", [{ $gt: "" }]],
    ["prototype key __proto__", JSON.parse('{"__proto__": {"polluted": true}}')],
    ["prototype key constructor", { constructor: { prototype: { polluted: true } } }],
    ["NUL", "a\u0000b"],
    ["escape sequence", "\u001b[31mred\u001b[0m"],
    ["C1 control", "a\u0085b"],
    ["CR LF injection", "ok\r\nX-Injected: 1"],
    ["lone high surrogate", "a\ud800b"],
    ["lone low surrogate", "\udfffz"],
    ["U+FFFD from invalid UTF-8", "caf\ufffd"],
    ["malformed URL", "http://exa mple.com/"],
    ["URL without a host", "http://"],
    ["oversized string", "x".repeat(1_000_000)],
    ["huge array", Array.from({ length: 100_000 }, () => "a")],
    ["deep object", deep],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["negative zero", -0],
    ["huge number", 1e308],
    // zod 4.6 ran length checks on this and threw out of safeParse (see length-checks-guard.ts).
    ["object with a length", { length: [Object.create(null)] }],
    ["null", null],
    ["empty object", {}],
    ["boolean", true],
  ];
}
