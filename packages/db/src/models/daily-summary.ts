import type { SummaryTotals } from "@pingpilot/domain";
import type { AnyBulkWriteOperation, Types } from "mongoose";
import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * One monitor's day ("YYYY-MM-DD" in the owner's time zone): counters kept up to date as results
 * arrive, so statistics never scan old raw results. Only `$inc`, `$min`, `$max` and `$setOnInsert`
 * touch it (all supported by FerretDB and MongoDB). `histogram` holds the domain's latency buckets.
 * `latencyMin`/`latencyMax` have no default on purpose: `$min` against a stored null keeps the null.
 */
export const dailySummarySchema = new Schema(
  {
    /**
     * `<monitorId>:<day>`: writes address a day by `_id`, the one filter FerretDB on SQLite pushes
     * down to an index (any other filter scans the collection, which made every summary write slower
     * as summaries accumulated — measured). MongoDB is indifferent.
     */
    _id: {
      type: String,
      default(this: { monitorId?: unknown; day?: unknown }) {
        return `${String(this.monitorId)}:${String(this.day)}`;
      },
    },
    monitorId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    day: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    timezone: { type: String, required: true },
    checks: { type: Number, required: true, default: 0 },
    successes: { type: Number, required: true, default: 0 },
    failures: { type: Number, required: true, default: 0 },
    degraded: { type: Number, required: true, default: 0 },
    downtimeSeconds: { type: Number, required: true, default: 0 },
    latencySum: { type: Number, required: true, default: 0 },
    latencyCount: { type: Number, required: true, default: 0 },
    latencyMin: { type: Number },
    latencyMax: { type: Number },
    histogram: { type: [Number], default: [] },
  },
  { collection: "daily_summaries", versionKey: false },
);

dailySummarySchema.index({ monitorId: 1, day: 1 }, { unique: true });
dailySummarySchema.index({ userId: 1, day: 1 });
// Retention: days sort as strings.
dailySummarySchema.index({ day: 1 });

export type DailySummaryDocument = InferSchemaType<typeof dailySummarySchema>;

export interface DailySummaryKey {
  monitorId: Types.ObjectId;
  userId: Types.ObjectId;
  day: string;
  timezone: string;
}

/** What a batch of results adds to one monitor's day: the domain's summary counters. */
export type DailySummaryDelta = Readonly<SummaryTotals>;

/**
 * The two operations that add a delta to a day, for an ordered `DailySummary.bulkWrite`: first create
 * the day with a zeroed histogram if it is missing (an `$inc` on `histogram.3` of a missing document
 * would create an object, not an array), then increment. Both are idempotent in shape, so a batch of
 * many monitors' days is one round trip. A duplicate key on the first one means another writer created
 * the day at the same moment: it exists, and the increment still applies.
 */
/** A day's `_id`: `<monitorId>:<YYYY-MM-DD>`. */
export function dailySummaryId(monitorId: Types.ObjectId | string, day: string): string {
  return `${monitorId.toString()}:${day}`;
}

export function dailySummaryWriteOps(
  key: DailySummaryKey,
  delta: DailySummaryDelta,
  bucketCount: number,
): AnyBulkWriteOperation<DailySummaryDocument>[] {
  const filter = { _id: dailySummaryId(key.monitorId, key.day) };
  const increments: Record<string, number> = {
    checks: delta.checks,
    successes: delta.successes,
    failures: delta.failures,
    degraded: delta.degraded,
    downtimeSeconds: delta.downtimeSeconds,
    latencySum: delta.latencySum,
    latencyCount: delta.latencyCount,
  };
  delta.histogram.forEach((count, bucket) => {
    if (count !== 0) increments[`histogram.${bucket}`] = count;
  });
  const update: Record<string, Record<string, number>> = { $inc: increments };
  if (delta.latencyMin !== null) update.$min = { latencyMin: delta.latencyMin };
  if (delta.latencyMax !== null) update.$max = { latencyMax: delta.latencyMax };
  return [
    {
      updateOne: {
        filter,
        update: {
          $setOnInsert: {
            monitorId: key.monitorId,
            day: key.day,
            userId: key.userId,
            timezone: key.timezone,
            checks: 0,
            successes: 0,
            failures: 0,
            degraded: 0,
            downtimeSeconds: 0,
            latencySum: 0,
            latencyCount: 0,
            histogram: new Array<number>(bucketCount).fill(0),
          },
        },
        upsert: true,
        // The `_id` default would be computed without a document here; the filter's `_id` is the one.
        setDefaultsOnInsert: false,
      },
    },
    { updateOne: { filter, update } },
  ];
}

export function dailySummaryModel(connection: Connection) {
  return connection.model("DailySummary", dailySummarySchema);
}
