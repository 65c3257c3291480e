import { describe, expect, it } from "vitest";
import { loadConfig } from "./load-config.ts";

describe("operator alert configuration", () => {
  it("alerts are off (only logged) until an email address or a webhook URL is set", () => {
    expect(loadConfig({}).operatorAlerts).toMatchObject({ enabled: false, intervalMinutes: 30, jobFailuresInARow: 3 });
    const config = loadConfig({
      OPERATOR_ALERT_EMAIL: "ops@example.com",
      OPERATOR_ALERT_WEBHOOK_URL: "https://hooks.example.com/pingpilot",
      OPERATOR_ALERT_INTERVAL_MINUTES: "10",
    });
    expect(config.operatorAlerts).toMatchObject({
      enabled: true,
      email: "ops@example.com",
      webhookUrl: "https://hooks.example.com/pingpilot",
      intervalMinutes: 10,
    });
  });

  it("refuses an address or URL that cannot work, naming the variable", () => {
    expect(() => loadConfig({ OPERATOR_ALERT_EMAIL: "ops" })).toThrow(/OPERATOR_ALERT_EMAIL: must be an email address/);
    expect(() => loadConfig({ OPERATOR_ALERT_WEBHOOK_URL: "ftp://example.com/x" })).toThrow(
      /OPERATOR_ALERT_WEBHOOK_URL: must be an http\(s\) URL/,
    );
  });
});
