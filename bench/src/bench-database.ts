import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultFerretdbBin } from "@pingpilot/db";
import mongoose from "mongoose";

export type BenchBackend = "sqlite" | "postgresql";

export interface BenchDatabase {
  uri: string;
  server: string;
  /** CPU seconds the database server process has used so far (null when it is not ours). */
  cpuSeconds(): Promise<number | null>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function processCpuSeconds(child: ChildProcess): Promise<number | null> {
  if (!child.pid) return null;
  const { readFile } = await import("node:fs/promises");
  const stat = await readFile(`/proc/${child.pid}/stat`, "utf8").catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks / 100 : null;
}

/** MONGODB_URI when set; otherwise FerretDB on SQLite (a temp dir) or on the local PostgreSQL. */
export async function startBenchDatabase(backend: BenchBackend): Promise<BenchDatabase> {
  if (process.env.MONGODB_URI) {
    return { uri: process.env.MONGODB_URI, server: "MONGODB_URI", cpuSeconds: async () => null, stop: async () => {} };
  }
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "pingpilot-bench-"));
  const args =
    backend === "sqlite"
      ? ["--handler", "sqlite", "--sqlite-url", `file:${dir}/`]
      : [
          "--handler",
          "postgresql",
          "--postgresql-url",
          "postgres://postgres@127.0.0.1:5432/postgres?pool_max_conns=50",
        ];
  const child = spawn(defaultFerretdbBin, ["--listen-addr", `127.0.0.1:${port}`, "--log-level", "error", ...args], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const uri = `mongodb://127.0.0.1:${port}/`;
  for (let attempt = 0; ; attempt++) {
    const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 500 });
    try {
      await connection.asPromise();
      await connection.db?.admin().ping();
      await connection.close();
      break;
    } catch (error) {
      await connection.close().catch(() => undefined);
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    uri,
    server: backend === "sqlite" ? "FerretDB v1.24.2 on SQLite" : "FerretDB v1.24.2 on PostgreSQL 15 (127.0.0.1:5432)",
    cpuSeconds: () => processCpuSeconds(child),
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
