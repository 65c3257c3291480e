import { describe, expect, it } from "vitest";
import { loadConfig } from "./load-config.ts";

const production = {
  NODE_ENV: "production",
  MONGODB_URI: "mongodb://db/pingpilot",
  AUTH_JWT_KEYS: `k1:${"x".repeat(40)}`,
};

describe("metrics configuration", () => {
  it("serves no separate metrics servers unless a port is set, outside development", () => {
    for (const config of [loadConfig({ NODE_ENV: "test" }), loadConfig(production)]) {
      expect(config.metrics.api.port).toBeUndefined();
      expect(config.metrics.scheduler.port).toBeUndefined();
      expect(config.metrics.api.host).toBe("127.0.0.1");
    }
  });

  it("in development the scheduler's metrics are on loopback port 9474 unless told otherwise", () => {
    expect(loadConfig({}).metrics.scheduler).toEqual({ host: "127.0.0.1", port: 9474 });
    expect(loadConfig({ SCHEDULER_METRICS_PORT: "9999" }).metrics.scheduler.port).toBe(9999);
    expect(loadConfig({}).metrics.api.port).toBeUndefined();
  });

  it("each PM2 instance gets its own metrics port: the base port plus NODE_APP_INSTANCE", () => {
    const worker = loadConfig({ METRICS_PORT: "9464", SCHEDULER_METRICS_PORT: "9474", NODE_APP_INSTANCE: "3" });
    expect(worker.metrics.api.port).toBe(9467);
    expect(worker.metrics.scheduler.port).toBe(9477);
    expect(loadConfig({ METRICS_PORT: "0", NODE_APP_INSTANCE: "3" }).metrics.api.port).toBe(0);
  });

  it("in production /metrics stays off the public port unless a token protects it", () => {
    expect(loadConfig(production).metrics.servedOnApiPort).toBe(false);
    expect(loadConfig({ ...production, METRICS_TOKEN: "a-long-enough-token" }).metrics.servedOnApiPort).toBe(true);
    expect(loadConfig({}).metrics.servedOnApiPort).toBe(true);
  });

  it("refuses a guessable metrics token", () => {
    expect(() => loadConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });
});
