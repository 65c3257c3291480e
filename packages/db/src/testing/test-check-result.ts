import type { CheckResult } from "@pingpilot/domain";

/**
 * A check result as the HTTP check reports it, answered in 120 ms: up is `status 200`, down is a 503 outside
 * the accepted range (degraded keeps the 200). `overrides` replaces any field, e.g. a refused TCP connection.
 */
export function testCheckResult(
  status: CheckResult["status"],
  checkedAt: Date,
  overrides: Partial<Omit<CheckResult, "status" | "checkedAt">> = {},
): CheckResult {
  const down = status === "down";
  return {
    status,
    responseTimeMs: 120,
    httpStatus: down ? 503 : 200,
    reason: down ? "status 503, expected 200-299" : "status 200",
    errorCode: down ? "status" : null,
    certificate: null,
    checkedAt,
    ...overrides,
  };
}
