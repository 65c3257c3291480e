import { expect, it } from "vitest";
import { restartBudget } from "../lib/restart-budget.ts";

it("restarts with doubling waits, gives up past the limit, and forgives crashes older than the window", () => {
  let now = 0;
  const budget = restartBudget({
    maxRestarts: 3,
    windowMs: 60_000,
    baseDelayMs: 500,
    maxDelayMs: 1_500,
    now: () => now,
  });
  expect([budget.next(), budget.next(), budget.next()]).toEqual([500, 1_000, 1_500]);
  expect(budget.next()).toBeUndefined();
  now = 60_000;
  expect(budget.next()).toBe(500);
});
