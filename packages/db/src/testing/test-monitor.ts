import type { MonitorType } from "@pingpilot/domain";
import { Types } from "mongoose";
import type { Database } from "../connect-database.ts";

/** What a test says about its monitor; everything else takes a default a check can run with. */
export interface TestMonitorFields {
  userId: Types.ObjectId;
  _id?: Types.ObjectId;
  /** Defaults to `<type> <last four hex digits of the id>`. */
  name?: string;
  /** Defaults to the config's type, else http. */
  type?: MonitorType;
  /** Defaults to an HTTP check of `https://<name>.example.test/health`. */
  config?: Record<string, unknown>;
  intervalSeconds?: number;
  retriesBeforeIncident?: number;
  successesBeforeResolve?: number;
  channelIds?: Types.ObjectId[];
  /** Defaults to `at`: due at once. Null for a monitor that is never claimed. */
  nextDueAt?: Date | null;
  deadlineAt?: Date | null;
  lastPingAt?: Date | null;
  /** Creation time, and the default due time; defaults to now. */
  at?: Date;
}

/** A monitor document as the monitors code stores it, for `insertMany` or `create`. */
export function testMonitorDocument(fields: TestMonitorFields) {
  const at = fields.at ?? new Date();
  const _id = fields._id ?? new Types.ObjectId();
  const configType = typeof fields.config?.type === "string" ? (fields.config.type as MonitorType) : undefined;
  const type = fields.type ?? configType ?? "http";
  const name = fields.name ?? `${type} ${_id.toString().slice(-4)}`;
  return {
    _id,
    userId: fields.userId,
    name,
    type,
    config: fields.config ?? {
      type: "http",
      url: `https://${name.toLowerCase().replace(/\W+/g, "-")}.example.test/health`,
    },
    intervalSeconds: fields.intervalSeconds ?? 60,
    retriesBeforeIncident: fields.retriesBeforeIncident ?? 1,
    successesBeforeResolve: fields.successesBeforeResolve ?? 1,
    channelIds: fields.channelIds ?? [],
    nextDueAt: fields.nextDueAt === undefined ? at : fields.nextDueAt,
    deadlineAt: fields.deadlineAt ?? null,
    lastPingAt: fields.lastPingAt ?? null,
    createdAt: at,
    updatedAt: at,
  };
}

/** Stores one monitor built by `testMonitorDocument` and returns its id. */
export async function insertTestMonitor(db: Database, fields: TestMonitorFields): Promise<Types.ObjectId> {
  const created = await db.models.Monitor.create(testMonitorDocument(fields));
  return created._id;
}
