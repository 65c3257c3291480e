import { createLogger } from "@pingpilot/logger";
import { expect, it } from "vitest";
import { createMetrics } from "./create-metrics.ts";
import { startMetricsServer } from "./start-metrics-server.ts";

const logger = createLogger({ level: "silent", pretty: false });
const metrics = createMetrics({ defaultMetrics: false });

it("a worker whose metrics port is still held by the worker it replaces takes the port over once it is freed", async () => {
  const old = startMetricsServer({ metrics, host: "127.0.0.1", port: 0, logger });
  const oldUrl = String(await old.listening);
  const port = Number(new URL(oldUrl).port);

  const replacement = startMetricsServer({ metrics, host: "127.0.0.1", port, logger, retryDelayMs: 20 });
  let bound: string | undefined;
  void replacement.listening.then((url) => {
    bound = url;
  });
  expect((await fetch(oldUrl)).status).toBe(200);
  expect(bound).toBeUndefined();

  await old.close();
  expect(await replacement.listening).toBe(oldUrl);
  const scrape = await fetch(oldUrl);
  expect(scrape.status).toBe(200);
  expect(await scrape.text()).toContain("pingpilot_job_runs_total");
  expect((await fetch(oldUrl.replace("/metrics", "/other"))).status).toBe(404);
  await replacement.close();
});

it("stops waiting for a taken port when closed", async () => {
  const holder = startMetricsServer({ metrics, host: "127.0.0.1", port: 0, logger });
  const port = Number(new URL(String(await holder.listening)).port);
  const waiting = startMetricsServer({ metrics, host: "127.0.0.1", port, logger, retryDelayMs: 20 });
  await waiting.close();
  expect(await waiting.listening).toBeUndefined();
  await holder.close();
});
