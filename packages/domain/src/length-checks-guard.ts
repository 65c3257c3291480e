import { z } from "zod";

/**
 * zod 4.6 runs length checks (`.min`, `.max`, `.length`) on any value that has a `length` property, even
 * after the type check failed, and `{ "length": [{}] }` with a prototype-less element then throws out of
 * `safeParse` ("Cannot convert object to primitive value"). Added first to a string or array schema, this
 * check marks a value of the wrong type as aborted, so the checks after it never see it.
 */
export function stopChecksUnless(test: (value: unknown) => boolean) {
  return {
    when(payload: z.core.ParsePayload): boolean {
      if (!test(payload.value)) payload.aborted = true;
      return false; // the check itself never runs: it only stops the ones after it
    },
  };
}

const isString = (value: unknown): value is string => typeof value === "string";

/** `z.string()` whose length checks are safe against non-strings; the text-field builders start from it. */
export function guardedString(params?: Parameters<typeof z.string>[0]): z.ZodString {
  return z.string(params).refine(() => true, stopChecksUnless(isString));
}

/** `z.array(element)` with its bounds, safe against non-arrays that have a `length`. */
export function boundedArray<Element extends z.ZodType>(
  element: Element,
  { min = 0, max }: { min?: number; max: number },
) {
  return z
    .array(element)
    .refine(() => true, stopChecksUnless(Array.isArray))
    .min(min)
    .max(max);
}
