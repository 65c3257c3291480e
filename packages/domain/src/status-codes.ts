import { singleLineText } from "./text-fields.ts";

/** An accepted status code or range: `"200"`, `"200-299"`. */
export const statusCodeRuleSchema = singleLineText({ max: 7, trim: true })
  .regex(/^\d{3}(-\d{3})?$/, 'must be a status code like "200" or a range like "200-299"')
  .refine((rule) => {
    const { from, to } = parseStatusCodeRule(rule);
    return from >= 100 && to <= 599 && from <= to;
  }, "must be between 100 and 599, with the range's start before its end");

export interface StatusCodeRange {
  from: number;
  to: number;
}

export function parseStatusCodeRule(rule: string): StatusCodeRange {
  const [from = "", to = from] = rule.split("-");
  return { from: Number(from), to: Number(to) };
}

/** True when the status matches any rule. Rules are assumed valid (see statusCodeRuleSchema). */
export function isStatusAccepted(status: number, rules: readonly string[]): boolean {
  return rules.some((rule) => {
    const { from, to } = parseStatusCodeRule(rule);
    return status >= from && status <= to;
  });
}
