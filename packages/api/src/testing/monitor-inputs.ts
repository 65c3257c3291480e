import type { CreateMonitorInput } from "@pingpilot/domain";

/** A public address (TEST-NET ranges are refused as reserved, so a real public one is used; nothing is contacted). */
export const publicIp = "93.184.215.14";

export function httpMonitorInput(overrides: Partial<Extract<CreateMonitorInput, { type: "http" }>> = {}) {
  return { type: "http" as const, name: "Website", url: `https://${publicIp}/health`, ...overrides };
}

export function heartbeatMonitorInput(overrides: Partial<Extract<CreateMonitorInput, { type: "heartbeat" }>> = {}) {
  return {
    type: "heartbeat" as const,
    name: "Nightly backup",
    schedule: { kind: "period" as const, periodSeconds: 3_600 },
    graceSeconds: 300,
    ...overrides,
  };
}
