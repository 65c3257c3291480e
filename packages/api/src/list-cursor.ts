import { InvalidInputError } from "@pingpilot/domain";
import { z } from "zod";

/**
 * Opaque cursors for lists sorted newest first by (time, id) with string ids (deliveries, reports): the
 * last item's time and id, base64url JSON. The next page starts strictly after that pair.
 */
const cursorSchema = z.object({ l: z.string(), t: z.number().int(), i: z.string().min(1).max(200) });

export function encodeListCursor(list: string, at: Date, id: string): string {
  return Buffer.from(JSON.stringify({ l: list, t: at.getTime(), i: id })).toString("base64url");
}

/** Throws InvalidInputError on `cursor` for anything this list did not hand out. */
export function decodeListCursor(text: string, list: string): { at: Date; id: string } {
  let parsed: z.infer<typeof cursorSchema> | undefined;
  try {
    const result = cursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    parsed = result.success ? result.data : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.l !== list) throw new InvalidInputError("is not a cursor from this listing", "cursor");
  return { at: new Date(parsed.t), id: parsed.i };
}

/** The filter for "after the cursor" in a (time desc, _id desc) order. */
export function afterCursor(field: string, cursor: { at: Date; id: string }): Record<string, unknown> {
  return { $or: [{ [field]: { $lt: cursor.at } }, { [field]: cursor.at, _id: { $lt: cursor.id } }] };
}
