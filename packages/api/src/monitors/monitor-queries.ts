import { Types } from "@pingpilot/db";
import { type listMonitorsInputSchema, type MonitorPage, NotFoundError } from "@pingpilot/domain";
import type { z } from "zod";
import type { OwnerContext } from "../service-context.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { type StoredMonitor, toMonitorView } from "./monitor-document.ts";

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * One of the caller's monitors. Someone else's id answers exactly like an id that does not exist, so
 * ids reveal nothing about other accounts.
 */
export async function findOwnedMonitor(ctx: OwnerContext, id: string): Promise<StoredMonitor> {
  const monitor = await ctx.db.models.Monitor.findOne({ _id: id, userId: ctx.auth.userId }).lean();
  if (!monitor) throw new NotFoundError("Monitor");
  return monitor as StoredMonitor;
}

/** The owner's IANA time zone: daily summaries are kept per calendar day in it. */
export async function ownerTimezone(ctx: OwnerContext): Promise<string> {
  const user = await ctx.db.models.User.findById(ctx.auth.userId, { timezone: 1 }).lean();
  return user?.timezone ?? "UTC";
}

type ListInput = z.output<typeof listMonitorsInputSchema>;

/**
 * A page of the caller's monitors. Both orders walk an index ({userId, createdAt, _id} or
 * {userId, name, _id}); filters narrow within the owner's monitors, which the per-user limit bounds.
 * Name order is by code point (no collation: FerretDB has none).
 */
export async function listMonitors(ctx: OwnerContext, input: ListInput): Promise<MonitorPage> {
  const { cursor, limit, status, type, tag, search, sort } = input;
  const filter: Record<string, unknown> = { userId: new Types.ObjectId(ctx.auth.userId) };
  if (status) filter.status = status;
  if (type) filter.type = type;
  if (tag) filter.tags = tag;
  if (search) filter.name = { $regex: escapeRegExp(search), $options: "i" };

  const byName = sort === "name";
  if (cursor) {
    if (byName) {
      const after = decodeCursor(cursor, "name", "string");
      filter.$or = [{ name: { $gt: after.k } }, { name: after.k, _id: { $gt: new Types.ObjectId(after.i) } }];
    } else {
      const after = decodeCursor(cursor, "newest", "number");
      const createdAt = new Date(after.k);
      filter.$or = [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: new Types.ObjectId(after.i) } }];
    }
  }
  const rows = (await ctx.db.models.Monitor.find(filter)
    .sort(byName ? { name: 1, _id: 1 } : { createdAt: -1, _id: -1 })
    .limit(limit + 1)
    .lean()) as StoredMonitor[];
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor(
          byName
            ? { s: "name", k: last.name, i: last._id.toHexString() }
            : { s: "newest", k: last.createdAt.getTime(), i: last._id.toHexString() },
        )
      : null;
  return { items: page.map((monitor) => toMonitorView(monitor, ctx.config.api.publicUrl)), nextCursor };
}
