import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./load-config.ts";

describe("loadConfig", () => {
  it("gives working defaults for development with an empty environment", () => {
    const config = loadConfig({});
    expect(config.env).toBe("development");
    expect(config.api.port).toBe(3000);
    expect(config.database.uri).toBeUndefined();
    expect(config.log.pretty).toBe(true);
  });

  it("names every bad variable at once, with the value it got", () => {
    let caught: unknown;
    try {
      loadConfig({ API_PORT: "http", MONGODB_URI: "postgres://x", LOG_LEVEL: "loud" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join("\n");
    expect(problems).toMatch(/API_PORT: .*"http"/);
    expect(problems).toMatch(/MONGODB_URI: must start with mongodb:\/\//);
    expect(problems).toMatch(/LOG_LEVEL: .*"loud"/);
    expect((caught as ConfigError).problems).toHaveLength(3);
  });

  it("refuses production without MONGODB_URI instead of silently using an embedded database", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/MONGODB_URI: is required when NODE_ENV=production/);
  });

  it("splits comma-separated CORS origins and parses trust proxy hop counts", () => {
    const config = loadConfig({ CORS_ORIGINS: "https://a.example, https://b.example,", TRUST_PROXY: "2" });
    expect(config.api.corsOrigins).toEqual(["https://a.example", "https://b.example"]);
    expect(config.api.trustProxy).toBe(2);
  });
});
