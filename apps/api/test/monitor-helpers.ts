import { type CreateMonitorInput, isClientError, type PingPilotClient } from "@pingpilot/client";
import { expect } from "vitest";

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

/** The API error of a call that must fail: its code and field errors. */
export async function apiErrorOf(call: Promise<unknown>): Promise<{
  code: string | undefined;
  message: string;
  fieldErrors: Record<string, string[] | undefined>;
}> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isClientError(error), "the call should have failed with an API error").toBe(true);
  if (!isClientError(error)) throw new Error("not an API error");
  return {
    code: error.data?.code,
    message: error.message,
    fieldErrors: (error.data?.fieldErrors ?? {}) as Record<string, string[] | undefined>,
  };
}

/** Every monitor of the caller, walking all pages. */
export async function allMonitorNames(client: PingPilotClient, limit = 100): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.monitor.list.query({ limit, ...(cursor ? { cursor } : {}) });
    names.push(...page.items.map((monitor) => monitor.config.name));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return names;
}
