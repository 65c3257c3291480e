import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultFerretdbBin, type FerretdbProcess, startFerretdb } from "../embedded-database.ts";

/**
 * A database server of a test's own, for fault tests that pause or kill it: the run's shared server
 * (global-setup.ts) must never be touched that way, other test files use it at the same time.
 * Always FerretDB (the binary scripts/provision.sh builds); restart keeps the port and the data.
 */
export interface DisposableDatabaseServer {
  readonly uri: string;
  /** SIGSTOP: the server keeps its connections open and answers nothing, as a stalled host does. */
  pause(): void;
  /** SIGCONT after pause. */
  resume(): void;
  /** SIGKILL, as a crash; the data directory stays. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and data, after kill. */
  restart(): Promise<void>;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
}

export async function startDisposableDatabaseServer(
  ferretdbBin: string = process.env.FERRETDB_BIN ?? defaultFerretdbBin,
): Promise<DisposableDatabaseServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "pingpilot-disposable-db-"));
  let current: FerretdbProcess = await startFerretdb(ferretdbBin, dataDir);
  const { port, uri } = current;
  const exited = (process: FerretdbProcess) => process.child.exitCode !== null || process.child.signalCode !== null;
  return {
    uri,
    pause: () => current.child.kill("SIGSTOP"),
    resume: () => current.child.kill("SIGCONT"),
    async kill() {
      if (exited(current)) return;
      const gone = new Promise((done) => current.child.once("exit", done));
      current.child.kill("SIGCONT");
      current.child.kill("SIGKILL");
      await gone;
    },
    async restart() {
      if (!exited(current)) throw new Error("restart() needs the server killed first");
      current = await startFerretdb(ferretdbBin, dataDir, port);
    },
    async stop() {
      current.child.kill("SIGCONT");
      await current.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
