import { isClientError } from "@pingpilot/client";
import { expect } from "vitest";

export { heartbeatMonitorInput, httpMonitorInput, publicIp } from "@pingpilot/api/testing";

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
