import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestLogLevel, SLOW_REQUEST_MS } from "../src/request-log-level.ts";
import { captureLogs } from "./log-capture.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

describe("request log levels", () => {
  it("in development a fast successful request is debug; 4xx, slow requests and failures stay visible", () => {
    expect(requestLogLevel(200, false, 5, true)).toBe("debug");
    expect(requestLogLevel(304, false, 5, true)).toBe("debug");
    expect(requestLogLevel(404, false, 5, true)).toBe("info");
    expect(requestLogLevel(200, false, SLOW_REQUEST_MS, true)).toBe("info");
    expect(requestLogLevel(500, false, 5, true)).toBe("error");
    expect(requestLogLevel(200, true, 5, true)).toBe("error");
    expect(requestLogLevel(503, false, 5, true)).toBe("warn");
  });

  it("outside development every request is an info line (the access log)", () => {
    expect(requestLogLevel(200, false, 5, false)).toBe("info");
  });
});

describe("the development log", () => {
  let development: TestApi;
  let testing: TestApi;
  const developmentLogs = captureLogs();
  const testingLogs = captureLogs();
  beforeAll(async () => {
    development = await startTestApi({ env: { NODE_ENV: "development" }, logger: developmentLogs.logger });
    testing = await startTestApi({ db: development.db, logger: testingLogs.logger });
  });
  afterAll(async () => {
    await testing.stop();
    await development.stop();
  });

  const requestLines = (logs: ReturnType<typeof captureLogs>, url: string) =>
    logs.entries().filter((entry) => entry.req?.url === url);

  it("is not flooded by successful requests, but still shows a caller's 404", async () => {
    await (await fetch(`${development.url}/openapi.json`)).text();
    await (await fetch(`${development.url}/no-such-route`)).text();
    await expect.poll(() => requestLines(developmentLogs, "/no-such-route").length).toBe(1);
    expect(requestLines(developmentLogs, "/openapi.json")).toEqual([]);

    await (await fetch(`${testing.url}/openapi.json`)).text();
    await expect.poll(() => requestLines(testingLogs, "/openapi.json").length).toBe(1);
  });
});
