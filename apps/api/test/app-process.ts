import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { captureOutput } from "@pingpilot/db/testing";
import { inject } from "vitest";

export const apiMain = fileURLToPath(new URL("../src/main.ts", import.meta.url));
export const schedulerMain = fileURLToPath(new URL("../../scheduler/src/main.ts", import.meta.url));

export interface AppProcess {
  child: ChildProcess;
  /** Its JSON log lines, in order. */
  logs: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** A fresh database name on the run's server, for processes that must share one across restarts. */
export function processDatabaseUri(): string {
  return `${inject("mongoUri")}proc_${randomBytes(4).toString("hex")}`;
}

/** Starts an app's main.ts like production would, and reads its JSON log lines (also kept for the secret scan). */
export function startAppProcess(main: string, mongoUri: string = processDatabaseUri()): AppProcess {
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: "test",
    LOG_PRETTY: "false",
    API_PORT: "0",
    MONGODB_URI: mongoUri,
  };
  const child = spawn(process.execPath, [main], { env, stdio: ["ignore", "pipe", "pipe"] });
  captureOutput(child, main.includes("scheduler") ? "scheduler" : "api");
  const logs: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, logs, exited };
}
