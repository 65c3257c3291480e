import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "@pingpilot/logger";
import mongoose from "mongoose";
import { ferretdbServerName } from "./ferretdb-server-name.ts";

export type EmbeddedChoice = "auto" | "mongod" | "ferretdb";

export interface EmbeddedDatabaseOptions {
  choice: EmbeddedChoice;
  /** Keep data here across restarts; a fresh temporary directory (removed on stop) when absent. */
  dataDir?: string;
  ferretdbBin?: string;
  /**
   * Runs the server in a process group of its own (FerretDB), so a terminal's Ctrl-C reaches only the
   * supervisor, which stops the database after the apps have finished with it.
   */
  detached?: boolean;
  logger: Logger;
}

export interface EmbeddedDatabase {
  uri: string;
  /** Which real server answers, e.g. "FerretDB v1.24.2 (SQLite)" or "mongod (mongodb-memory-server)". */
  server: string;
  /**
   * Present when this module runs the server's process itself (FerretDB; mongodb-memory-server runs
   * mongod): its current process, to notice it dying, and a restart on the same port and data, so
   * clients reconnect where they were.
   */
  supervised?: SupervisedServer;
  stop(): Promise<void>;
}

export interface SupervisedServer {
  readonly child: ChildProcess;
  /** Starts the server again after its process died; resolves once it answers ping. */
  restart(): Promise<void>;
}

/** A FerretDB process on a loopback port: what the embedded starter and the fault tests both run. */
export interface FerretdbProcess {
  uri: string;
  port: number;
  server: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The FerretDB binary that scripts/provision.sh builds. */
export const defaultFerretdbBin = fileURLToPath(new URL("../../../.tools/bin/ferretdb", import.meta.url));

/** A mongod that is already on this machine, so mongodb-memory-server needs no download. */
function findLocalMongod(): string | undefined {
  if (process.env.MONGOMS_SYSTEM_BINARY) return process.env.MONGOMS_SYSTEM_BINARY;
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (dir && existsSync(join(dir, "mongod"))) return join(dir, "mongod");
  }
  const cache = join(homedir(), ".cache", "mongodb-binaries");
  if (existsSync(cache) && readdirSync(cache).some((name) => name.startsWith("mongod"))) return cache;
  return undefined;
}

/**
 * Picks the embedded server: a local mongod when one is there, else the FerretDB binary when it
 * was built, else mongodb-memory-server (which downloads mongod on a machine that can).
 */
export function chooseEmbeddedServer(choice: EmbeddedChoice, ferretdbBin: string): "mongod" | "ferretdb" {
  if (choice !== "auto") return choice;
  if (findLocalMongod()) return "mongod";
  if (existsSync(ferretdbBin)) return "ferretdb";
  return "mongod";
}

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const ferretdbBin = resolve(options.ferretdbBin ?? defaultFerretdbBin);
  const kind = chooseEmbeddedServer(options.choice, ferretdbBin);
  const persistent = options.dataDir !== undefined;
  const dataDir = persistent
    ? resolve(options.dataDir as string, kind)
    : await mkdtemp(join(tmpdir(), `pingpilot-${kind}-`));
  await mkdir(dataDir, { recursive: true });

  const started: EmbeddedDatabase =
    kind === "ferretdb"
      ? await superviseFerretdb(ferretdbBin, dataDir, options.detached ?? false)
      : await startMongod(dataDir, persistent);
  options.logger.info(
    { server: started.server, uri: started.uri, dataDir, persistent, serverPid: started.supervised?.child.pid },
    `embedded database: ${started.server} at ${started.uri}`,
  );
  return {
    ...started,
    async stop() {
      await started.stop();
      if (!persistent) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function superviseFerretdb(bin: string, dataDir: string, detached: boolean): Promise<EmbeddedDatabase> {
  let current = await startFerretdb(bin, dataDir, undefined, { detached });
  return {
    uri: current.uri,
    server: current.server,
    supervised: {
      get child() {
        return current.child;
      },
      async restart() {
        current = await startFerretdb(bin, dataDir, current.port, { detached });
      },
    },
    stop: () => current.stop(),
  };
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitForPing(uri: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`database server exited with code ${child.exitCode}: ${output()}`);
    }
    const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 500 });
    try {
      await connection.asPromise();
      await connection.db?.admin().ping();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await connection.close().catch(() => undefined);
    }
  }
  throw new Error(`database server did not answer ping within 30 s: ${String(lastError)} ${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(killer);
      done();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Starts FerretDB on `dataDir` (SQLite) and waits until it answers ping. `port` reuses a port, so a
 * test can kill the server and start it again where its clients expect it.
 */
export async function startFerretdb(
  bin: string,
  dataDir: string,
  port?: number,
  options: { detached?: boolean } = {},
): Promise<FerretdbProcess> {
  if (!existsSync(bin)) {
    throw new Error(`FerretDB binary not found at ${bin}: run scripts/provision.sh (needs Go) or set MONGODB_URI`);
  }
  port ??= await freeLoopbackPort();
  const child = spawn(
    bin,
    ["--listen-addr", `127.0.0.1:${port}`, "--log-level", "error", "--sqlite-url", `file:${dataDir}/`],
    { stdio: ["ignore", "ignore", "pipe"], detached: options.detached ?? false },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitForPing(uri, child, () => stderr);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { uri, port, server: `${ferretdbServerName(undefined)} (SQLite)`, child, stop: () => stopChild(child) };
}

async function startMongod(dataDir: string, persistent: boolean) {
  const { MongoMemoryServer } = await import("mongodb-memory-server-core");
  const server = await MongoMemoryServer.create({
    instance: { ip: "127.0.0.1", dbPath: dataDir, storageEngine: "wiredTiger" },
  });
  return {
    uri: server.getUri(),
    server: "mongod (mongodb-memory-server)",
    stop: async () => {
      await server.stop({ doCleanup: !persistent });
    },
  };
}
