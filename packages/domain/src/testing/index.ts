export { hostileValues } from "./hostile-values.ts";
export { inputSamples, multiLineFields, textRuleExemptions } from "./input-samples.ts";
