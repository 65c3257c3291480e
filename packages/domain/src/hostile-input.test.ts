import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as domain from "./index.ts";
import { isSafeRecordKey } from "./safe-record-key.ts";
import { hostileValues, inputSamples, multiLineFields, textRuleExemptions } from "./testing/index.ts";
import { textProblem } from "./text-fields.ts";

/** Every input schema domain exports, found by name: a new `…InputSchema` or `…RequestSchema` is in the suite at once. */
const inputSchemas = Object.entries(domain as Record<string, unknown>).filter(
  (entry): entry is [string, z.ZodType] => /(Input|Request)Schema$/.test(entry[0]) && entry[1] instanceof z.ZodType,
);

type Path = Array<string | number>;

function isPlainContainer(value: unknown): value is Record<string | number, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}

/** Every node's path in a sample: the root, each property and each element. */
function pathsOf(value: unknown, path: Path = []): Path[] {
  if (!isPlainContainer(value)) return [path];
  return [
    path,
    ...Object.entries(value).flatMap(([key, child]) =>
      pathsOf(child, [...path, Array.isArray(value) ? Number(key) : key]),
    ),
  ];
}

function stringLeavesOf(value: unknown, path: Path = []): Array<[Path, string]> {
  if (typeof value === "string") return [[path, value]];
  if (!isPlainContainer(value)) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    stringLeavesOf(child, [...path, Array.isArray(value) ? Number(key) : key]),
  );
}

/** The sample with `value` at `path` (an own property even for `__proto__`); the root path replaces it all. */
function withValueAt(sample: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(sample) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  Object.defineProperty(node, path.at(-1) as string | number, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** What parsed output must never hold: operator objects, unsafe keys, control characters, broken text. */
function outputProblem(value: unknown, exempt: readonly string[], path: Path = []): string | undefined {
  if (typeof value === "string") {
    if (exempt.includes(path.join("."))) return undefined;
    const kind = multiLineFields.includes(String(path.at(-1))) ? "multi-line" : "single-line";
    const problem = textProblem(value, kind);
    return problem ? `${path.join(".")}: ${problem}` : undefined;
  }
  if (!isPlainContainer(value)) return undefined;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== "string") return `${path.join(".")}: a symbol key`;
    if (!Array.isArray(value) && !isSafeRecordKey(key)) return `${[...path, key].join(".")}: an unsafe key`;
    const problem = outputProblem(value[key], exempt, [...path, key]);
    if (problem) return problem;
  }
  return undefined;
}

/** A generated value that shows itself by a label in a counterexample (some are a megabyte long). */
function labelled<T extends object>(value: T, label: string): T {
  return Object.assign(value, { [fc.toStringMethod]: () => label });
}

const hostile = hostileValues();
const cases = inputSchemas.flatMap(([name, schema]) =>
  (inputSamples[name] ?? []).map((sample, index) =>
    labelled({ name, schema, sample, paths: pathsOf(sample) }, `${name}[${index}]`),
  ),
);
const unsafeKeys = ["__proto__", "constructor", "prototype", "$where", "$gt", "a.b", "nul\u0000key"];
const anyValue = fc.oneof(
  fc.constantFrom(...hostile.map(([label, value]) => labelled({ value }, label))),
  fc
    .oneof(
      fc.anything({ withNullPrototype: true, withDate: true, withMap: true, withSet: true, withSparseArray: true }),
      fc.string({ unit: "binary", maxLength: 40 }),
    )
    .map((value) => labelled({ value }, fc.stringify(value))),
);

function parseSafely(schema: z.ZodType, input: unknown, exempt: readonly string[]): void {
  const result = schema.safeParse(input); // throwing here fails the property
  if (result.success) {
    const problem = outputProblem(result.data, exempt);
    if (problem) throw new Error(`parsed output holds ${problem}`);
  }
}

describe("hostile input against every input schema", () => {
  it("every input schema domain exports has valid samples here, and they parse", () => {
    expect(inputSchemas.length).toBeGreaterThanOrEqual(29);
    expect(Object.keys(inputSamples).sort()).toEqual(inputSchemas.map(([name]) => name).sort());
    for (const { name, schema, sample } of cases) {
      const result = schema.safeParse(sample);
      expect(result.success, `${name}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    }
  });

  it("safeParse never throws, whatever the whole input is", () => {
    fc.assert(
      fc.property(fc.constantFrom(...cases), anyValue, ({ name, schema }, input) =>
        parseSafely(schema, input.value, textRuleExemptions[name] ?? []),
      ),
      { numRuns: 300 },
    );
  });

  it("a hostile value in place of any field never throws, and never comes out as an operator, an unsafe key or bad text", () => {
    const scenario = fc
      .constantFrom(...cases)
      .chain((testCase) =>
        fc.record({ testCase: fc.constant(testCase), path: fc.constantFrom(...testCase.paths), value: anyValue }),
      );
    fc.assert(
      fc.property(scenario, ({ testCase, path, value }) =>
        parseSafely(
          testCase.schema,
          withValueAt(testCase.sample, path, value.value),
          textRuleExemptions[testCase.name] ?? [],
        ),
      ),
      { numRuns: 600 },
    );
  });

  it("an unsafe key added to any object of an input never reaches the parsed output", () => {
    const scenario = fc.constantFrom(...cases).chain((testCase) =>
      fc.record({
        testCase: fc.constant(testCase),
        path: fc.constantFrom(
          ...testCase.paths.filter((path) => path.length === 0 || isPlainContainer(pathValue(testCase.sample, path))),
        ),
        key: fc.constantFrom(...unsafeKeys),
        value: fc.oneof(fc.constantFrom("x", { $gt: "" }, { polluted: true })),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ testCase, path, key, value }) =>
        parseSafely(
          testCase.schema,
          withValueAt(testCase.sample, [...path, key], value),
          textRuleExemptions[testCase.name] ?? [],
        ),
      ),
      { numRuns: 400 },
    );
  });

  it("a control character or broken UTF-8 in any text field is refused, on that field", () => {
    const badCharacter = fc.oneof(
      fc.integer({ min: 0x00, max: 0x1f }).map((code) => String.fromCharCode(code)),
      fc.constantFrom("\u007f", "\ufffd"),
      fc.integer({ min: 0x80, max: 0x9f }).map((code) => String.fromCharCode(code)),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
    );
    const leaves = cases.flatMap((testCase) =>
      stringLeavesOf(testCase.sample)
        .filter(([path]) => !(textRuleExemptions[testCase.name] ?? []).includes(path.join(".")))
        .map(([path, text]) => labelled({ ...testCase, path, text }, `${testCase.name} ${path.join(".")}`)),
    );
    fc.assert(
      fc.property(fc.constantFrom(...leaves), badCharacter, fc.nat(), (leaf, bad, position) => {
        const multiLine = multiLineFields.includes(String(leaf.path.at(-1)));
        fc.pre(!(multiLine && (bad === "\t" || bad === "\n" || bad === "\r")));
        // Inside the text, so trimming cannot remove it.
        const at = leaf.text.length < 2 ? leaf.text.length : 1 + (position % (leaf.text.length - 1));
        const text = `${leaf.text.slice(0, at)}${bad}${leaf.text.slice(at)}x`;
        const result = leaf.schema.safeParse(withValueAt(leaf.sample, leaf.path, text));
        expect(result.success, `${leaf.name} accepted ${JSON.stringify(text)} at ${leaf.path.join(".")}`).toBe(false);
        const onField = result.error?.issues.some((issue: z.core.$ZodIssue) =>
          leaf.path.every((key, index) => String(issue.path[index]) === String(key)),
        );
        expect(onField, `${leaf.name}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
      }),
      { numRuns: 600 },
    );
  });
});

function pathValue(sample: unknown, path: Path): unknown {
  let node: unknown = sample;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node;
}
