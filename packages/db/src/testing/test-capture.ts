import type { ChildProcess } from "node:child_process";
import { appendFileSync, createWriteStream, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { DestinationStream } from "@pingpilot/logger/testing";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where this run's log lines and minted secrets go, for the secret scan at teardown (global-setup.ts). */
    testCaptureDir: string;
  }
}

/** What kind of secret a recorded value is: the scan names the kind, never the value. */
export type SecretKind = "password" | "access token" | "refresh token" | "api key" | "push token" | "reset token";

function captureDir(): string {
  return inject("testCaptureDir");
}

/** Records a secret a test helper minted or received, so the teardown scan fails the run if any log line holds it. */
export function recordSecret(kind: SecretKind, value: string): void {
  const dir = join(captureDir(), "secrets");
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify({ kind, value })}\n`);
}

let workerLog: DestinationStream | undefined;

/** This test worker's capture file for in-process loggers (one per worker, opened on first use). */
export function workerCaptureStream(): DestinationStream {
  if (!workerLog) {
    const dir = join(captureDir(), "logs");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `worker-${process.pid}.log`);
    // Synchronous writes: a worker can exit at any time, and a lost tail would hide a leak.
    const fd = openSync(file, "a");
    workerLog = { write: (line: string) => void writeSync(fd, line) };
  }
  return workerLog;
}

/** Copies a spawned process's stdout and stderr (those that are pipes) into the run's capture directory. */
export function captureOutput(child: ChildProcess, name: string): void {
  const dir = join(captureDir(), "logs");
  mkdirSync(dir, { recursive: true });
  const file = createWriteStream(join(dir, `${name}-${process.pid}-${child.pid ?? "unknown"}.log`));
  let open = 2;
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) {
      open -= 1;
      continue;
    }
    stream.on("data", (chunk: Buffer) => file.write(chunk));
    stream.once("close", () => {
      open -= 1;
      if (open === 0) file.end();
    });
  }
  if (open === 0) file.end();
}
