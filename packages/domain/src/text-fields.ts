import { guardedString } from "./length-checks-guard.ts";

/**
 * The text-field builders every input schema uses instead of a bare `z.string()`: stored text never holds
 * control characters (they break logs, CSV exports, terminals and the HTTP requests built from them), nor
 * the marks of broken input (a lone UTF-16 surrogate, or U+FFFD where a decoder met invalid UTF-8), which
 * would be stored as something the user never typed.
 */

// C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// The same, except tab, line feed and a carriage return that starts a CRLF pair.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/;

export type TextKind = "single-line" | "multi-line";

/** Why a string is not acceptable text of this kind, or undefined when it is. */
export function textProblem(value: string, kind: TextKind): string | undefined {
  if (!value.isWellFormed() || value.includes("\uFFFD")) {
    return "must be valid text: it contains a broken character (invalid UTF-8 or a lone surrogate)";
  }
  if (kind === "single-line" ? ANY_CONTROL.test(value) : CONTROL_BUT_LINE_BREAKS.test(value)) {
    return kind === "single-line"
      ? "must not contain control characters or line breaks"
      : "must not contain control characters other than tabs and line breaks (\\n or \\r\\n)";
  }
  return undefined;
}

export interface TextFieldOptions {
  /** Longest accepted value, in UTF-16 code units like `z.string().max()`. Every text field has one. */
  max: number;
  /** Trims surrounding white space before the other rules run (names, hosts; never passwords). */
  trim?: boolean;
}

function textField(kind: TextKind, { max, trim = false }: TextFieldOptions) {
  const base = guardedString({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") });
  return (trim ? base.trim() : base).max(max).superRefine((value, ctx) => {
    const problem = textProblem(value, kind);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

/** One line of text: no control characters at all (tab and line breaks included). Chain `.min()`, `.regex()`. */
export function singleLineText(options: TextFieldOptions) {
  return textField("single-line", options);
}

/** Text that may span lines (a request body): tabs, `\n` and `\r\n` are allowed, other control characters are not. */
export function multiLineText(options: TextFieldOptions) {
  return textField("multi-line", options);
}
