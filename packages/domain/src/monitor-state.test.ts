import { describe, expect, it } from "vitest";
import type { CheckStatus } from "./check-result.ts";
import {
  applyCheckOutcome,
  initialMonitorState,
  type MonitorState,
  type MonitorThresholds,
  pausedMonitorState,
  resumedMonitorState,
  type TransitionEvent,
} from "./monitor-state.ts";

const at = new Date("2026-11-25T12:00:00Z");

function outcome(status: CheckStatus, extra: { openImmediately?: boolean } = {}) {
  return {
    status,
    reason: status === "down" ? "status 503, expected 200-299" : "status 200",
    errorCode: null,
    checkedAt: at,
    ...extra,
  };
}

/** Runs a sequence of outcomes and collects every event and the final state. */
function run(statuses: CheckStatus[], thresholds: MonitorThresholds, start: MonitorState = initialMonitorState()) {
  let state = start;
  const events: TransitionEvent[] = [];
  const rechecks: boolean[] = [];
  for (const status of statuses) {
    const transition = applyCheckOutcome(state, outcome(status), thresholds);
    state = transition.state;
    events.push(...transition.events);
    rechecks.push(transition.recheckSoon);
  }
  return { state, events, rechecks };
}

describe("monitor state machine", () => {
  const thresholds = { retriesBeforeIncident: 3, successesBeforeResolve: 2 };

  it("goes from pending to up on the first success", () => {
    expect(run(["up"], thresholds).state).toEqual({
      status: "up",
      consecutiveFailures: 0,
      consecutiveSuccesses: 1,
      incidentOpen: false,
    });
  });

  it("opens an incident only after the configured number of consecutive failures", () => {
    const twoFailures = run(["up", "down", "down"], thresholds);
    expect(twoFailures.events).toEqual([]);
    expect(twoFailures.state.status).toBe("up");
    expect(twoFailures.rechecks).toEqual([false, true, true]);

    const threeFailures = run(["up", "down", "down", "down"], thresholds);
    expect(threeFailures.state).toMatchObject({ status: "down", incidentOpen: true, consecutiveFailures: 3 });
    expect(threeFailures.events).toEqual([
      { type: "incident_opened", at, reason: "status 503, expected 200-299", errorCode: null },
    ]);
    expect(threeFailures.rechecks.at(-1)).toBe(false);
  });

  it("a success between failures starts the count again", () => {
    const { events, state } = run(["down", "down", "up", "down", "down"], thresholds);
    expect(events).toEqual([]);
    expect(state.consecutiveFailures).toBe(2);
  });

  it("opens with the first failure when retries is 1", () => {
    expect(run(["down"], { retriesBeforeIncident: 1, successesBeforeResolve: 1 }).events).toHaveLength(1);
  });

  it("emits one incident_opened however long the outage lasts", () => {
    const { events } = run(["down", "down", "down", "down", "down", "down"], thresholds);
    expect(events.map((event) => event.type)).toEqual(["incident_opened"]);
  });

  it("resolves only after the configured number of consecutive successes, re-checking sooner meanwhile", () => {
    const down = run(["down", "down", "down"], thresholds).state;
    const oneSuccess = run(["up"], thresholds, down);
    expect(oneSuccess.state).toMatchObject({ status: "down", incidentOpen: true });
    expect(oneSuccess.rechecks).toEqual([true]);
    const flap = run(["up", "down", "up"], thresholds, down);
    expect(flap.events).toEqual([]);
    const recovered = run(["up", "up"], thresholds, down);
    expect(recovered.events).toEqual([{ type: "incident_resolved", at }]);
    expect(recovered.state).toMatchObject({ status: "up", incidentOpen: false });
  });

  it("treats degraded as a success that shows as degraded", () => {
    expect(run(["degraded"], thresholds).state.status).toBe("degraded");
    const down = run(["down", "down", "down"], thresholds).state;
    const { events, state } = run(["degraded", "degraded"], thresholds, down);
    expect(events.map((event) => event.type)).toEqual(["incident_resolved"]);
    expect(state.status).toBe("degraded");
  });

  it("opens at once for a failure that must not wait for retries", () => {
    const transition = applyCheckOutcome(initialMonitorState(), outcome("down", { openImmediately: true }), thresholds);
    expect(transition.events.map((event) => event.type)).toEqual(["incident_opened"]);
  });

  it("ignores results for a paused monitor and resumes without a verdict", () => {
    const paused = pausedMonitorState(run(["up"], thresholds).state);
    const transition = applyCheckOutcome(paused, outcome("down"), thresholds);
    expect(transition).toEqual({ state: paused, events: [], recheckSoon: false });
    expect(resumedMonitorState(paused).status).toBe("pending");
  });

  it("a monitor paused during an incident resumes as down and can still resolve it", () => {
    const down = run(["down", "down", "down"], thresholds).state;
    const resumed = resumedMonitorState(pausedMonitorState(down));
    expect(resumed).toMatchObject({ status: "down", incidentOpen: true, consecutiveFailures: 0 });
    expect(run(["up", "up"], thresholds, resumed).events.map((event) => event.type)).toEqual(["incident_resolved"]);
  });
});
