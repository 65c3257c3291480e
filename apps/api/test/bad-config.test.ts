import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));

it("a bad environment stops the API with exit code 1 and one readable message, not a stack trace", () => {
  const result = spawnSync(process.execPath, [main], {
    env: { PATH: process.env.PATH, API_PORT: "not-a-port", MONGODB_URI: "http://wrong" },
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("Invalid configuration:");
  expect(result.stderr).toMatch(/API_PORT: .*"not-a-port"/);
  expect(result.stderr).toMatch(/MONGODB_URI: must start with mongodb:\/\//);
  expect(result.stderr).not.toMatch(/\n\s+at /);
});
