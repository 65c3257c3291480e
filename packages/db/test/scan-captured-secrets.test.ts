import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { scanCapturedSecrets } from "../src/testing/scan-captured-secrets.ts";

it("the secret scan names the file, line and kind of every leaked secret, and never the secret", async () => {
  const dir = await mkdtemp(join(tmpdir(), "scan-test-"));
  await mkdir(join(dir, "secrets"));
  await mkdir(join(dir, "logs"));
  await writeFile(
    join(dir, "secrets", "1.jsonl"),
    `${JSON.stringify({ kind: "api key", value: "s3cr3t-value-0123456789" })}\n${JSON.stringify({ kind: "password", value: "never-logged-pw" })}\n`,
  );
  await writeFile(join(dir, "logs", "api.log"), '{"msg":"fine"}\n{"msg":"oops","key":"s3cr3t-value-0123456789"}\n');
  const leaks = await scanCapturedSecrets(dir);
  expect(leaks).toEqual([{ file: join(dir, "logs", "api.log"), line: 2, kind: "api key" }]);
  expect(JSON.stringify(leaks)).not.toContain("s3cr3t");
  await rm(dir, { recursive: true, force: true });
});
