import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { captureOutput } from "@pingpilot/db/testing";

const devScript = fileURLToPath(new URL("../dev.ts", import.meta.url));

export type LogLine = Record<string, unknown> & { msg?: string; pid?: number };

export interface SupervisorProcess {
  child: ChildProcess;
  /** Every JSON log line of the supervisor, its database and both apps (they share its stdout). */
  logs: LogLine[];
  exited: Promise<number | null>;
  /** The latest line with this message. */
  last(msg: string): LogLine | undefined;
  /** SIGKILLs the supervisor and every process it logged (they run in process groups of their own). */
  kill(): Promise<void>;
}

/**
 * `node scripts/dev.ts` in a process group of its own (as a terminal runs it), on a fresh data
 * directory and a free API port, with JSON logs; `env` adds or overrides variables.
 */
export async function startSupervisor(
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<SupervisorProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), "pingpilot-dev-"));
  const child = spawn(process.execPath, [devScript, ...args], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      LOG_LEVEL: "info",
      LOG_PRETTY: "false",
      API_PORT: "0",
      PINGPILOT_DATA_DIR: dataDir,
      PINGPILOT_EMBEDDED_DB: "ferretdb",
      ...(process.env.FERRETDB_BIN ? { FERRETDB_BIN: process.env.FERRETDB_BIN } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const logs: LogLine[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    try {
      logs.push(JSON.parse(line) as LogLine);
    } catch {
      logs.push({ msg: line });
    }
  });
  captureOutput(child, "dev");
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    logs,
    exited,
    last: (msg) => logs.findLast((line) => line.msg === msg || line.msg?.startsWith(msg)),
    async kill() {
      const pids = new Set<number>();
      for (const line of logs) {
        for (const pid of [line.pid, line.serverPid]) if (typeof pid === "number") pids.add(pid);
      }
      // Under `dev` an app's logged pid is a child of its `node --watch` watcher: the group (the watcher's
      // pid) goes too, or the watcher would start the app again after the test.
      const groups = new Set([...pids].map(processGroupOf).filter((group) => group !== undefined));
      for (const group of groups) signal(-group);
      for (const pid of pids) signal(pid);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The process group of a running process (Linux `/proc`), undefined when it is gone. */
function groupOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid pgrp …": comm may hold spaces, so count fields after its closing parenthesis.
    const group = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
    return Number.isInteger(group) && group > 1 ? group : undefined;
  } catch {
    return undefined;
  }
}

/** A group of the supervisor's own (never the test runner's). */
function processGroupOf(pid: number): number | undefined {
  const group = groupOf(pid);
  return group === groupOf(process.pid) ? undefined : group;
}

function signal(target: number): void {
  try {
    process.kill(target, "SIGKILL");
  } catch {
    // already gone
  }
}

/** GET /readyz's status, or 0 when nothing answers. */
export async function readyStatus(url: string): Promise<number> {
  try {
    return (await fetch(`${url}/readyz`)).status;
  } catch {
    return 0;
  }
}
