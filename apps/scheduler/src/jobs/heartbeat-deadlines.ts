import { createOutcomeRecorder, type OutcomeToRecord } from "@pingpilot/monitoring";
import type { JobDefinition } from "../job.ts";

const batchLimit = 1_000;

/**
 * Heartbeat (push) monitors whose deadline — the next expected ping plus grace — passed without a
 * ping go down, and their incident opens at once: the grace time already was the benefit of the
 * doubt. The deadline is then cleared; the next ping brings the monitor up and sets a new one.
 */
export const heartbeatDeadlines: JobDefinition = {
  name: "heartbeat-deadlines",
  schedule: "*/10 * * * * *",
  timeoutMs: 60_000,
  async run({ db, clock }) {
    const now = clock.now();
    const overdue = await db.models.Monitor.find({ type: "heartbeat", paused: false, deadlineAt: { $lte: now } })
      .sort({ deadlineAt: 1 })
      .limit(batchLimit)
      .lean();
    const items: OutcomeToRecord[] = overdue.map((monitor) => ({
      monitor,
      result: {
        status: "down",
        responseTimeMs: null,
        httpStatus: null,
        reason: monitor.lastPingAt
          ? `no ping since ${monitor.lastPingAt.toISOString()} (expected by ${monitor.deadlineAt?.toISOString()})`
          : `no ping yet (expected by ${monitor.deadlineAt?.toISOString()})`,
        errorCode: "heartbeat_missed",
        certificate: null,
        checkedAt: now,
      },
      openImmediately: true,
      // A ping that arrived meanwhile moved the deadline: then this verdict is void.
      onlyIf: { deadlineAt: monitor.deadlineAt },
      schedule: () => ({ deadlineAt: null }),
    }));
    await createOutcomeRecorder({ db, clock })(items);
    return { overdue: items.length };
  },
};
