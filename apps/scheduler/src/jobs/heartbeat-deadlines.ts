import { missedHeartbeatOutcome } from "@pingpilot/monitoring";
import type { JobDefinition } from "../job.ts";

const batchLimit = 1_000;

/**
 * Heartbeat (push) monitors whose deadline — the next expected ping plus grace — passed without a
 * ping go down, and their incident opens at once (see @pingpilot/monitoring's `missedHeartbeatOutcome`).
 * The deadline is then cleared; the next ping brings the monitor up and sets a new one.
 */
export const heartbeatDeadlines: JobDefinition = {
  name: "heartbeat-deadlines",
  schedule: "*/10 * * * * *",
  timeoutMs: 60_000,
  async run({ db, clock, recordOutcomes }) {
    const now = clock.now();
    const overdue = await db.models.Monitor.find({ type: "heartbeat", paused: false, deadlineAt: { $lte: now } })
      .sort({ deadlineAt: 1 })
      .limit(batchLimit)
      .lean();
    await recordOutcomes(overdue.map((monitor) => missedHeartbeatOutcome(monitor, now)));
    return { overdue: overdue.length };
  },
};
