import { InvalidInputError } from "@pingpilot/domain";
import { z } from "zod";

/**
 * Opaque page cursors: the sort key and id of the last item of a page, base64url-encoded JSON. The next
 * page starts strictly after that (key, id) pair, so pages never skip or repeat items when new ones
 * arrive in between.
 */
const cursorSchema = z.object({
  /** Which listing the cursor belongs to, so one cannot be replayed against another. */
  s: z.string(),
  k: z.union([z.number(), z.string()]),
  i: z.string().regex(/^[0-9a-f]{24}$/),
});

export type PageCursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

/** Throws InvalidInputError on `cursor` for anything this API did not hand out for `sort`. */
export function decodeCursor<K extends "number" | "string">(text: string, sort: string, keyType: K) {
  let parsed: PageCursor | undefined;
  try {
    const result = cursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    parsed = result.success ? result.data : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.s !== sort || typeof parsed.k !== keyType) {
    throw new InvalidInputError("is not a cursor from this listing", "cursor");
  }
  return parsed as { s: string; k: K extends "number" ? number : string; i: string };
}
