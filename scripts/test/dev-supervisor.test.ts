import { createServer } from "node:net";
import { afterEach, expect, it, onTestFailed } from "vitest";
import { readyStatus, type SupervisorProcess, startSupervisor } from "./supervisor-process.ts";

const running: SupervisorProcess[] = [];
afterEach(async () => {
  for (const supervisor of running.splice(0)) await supervisor.kill();
});

async function started(args: string[] = [], env: Record<string, string> = {}): Promise<SupervisorProcess> {
  const supervisor = await startSupervisor(args, env);
  running.push(supervisor);
  // The processes' own story is what explains a failure here.
  onTestFailed(() => {
    process.stderr.write(`${supervisor.logs.map((line) => `${String(line.name)}: ${line.msg}`).join("\n")}\n`);
  });
  await expect.poll(() => supervisor.last("api listening"), { timeout: 30_000 }).toBeDefined();
  await expect.poll(() => supervisor.last("scheduler started"), { timeout: 30_000 }).toBeDefined();
  return supervisor;
}

function apiUrl(supervisor: SupervisorProcess): string {
  return String(supervisor.last("api listening")?.url);
}

function databasePid(supervisor: SupervisorProcess, restarts: number): number | undefined {
  const line =
    restarts === 0
      ? supervisor.last("embedded database:")
      : supervisor.logs.filter((l) => l.msg === "embedded database restarted")[restarts - 1];
  return typeof line?.serverPid === "number" ? line.serverPid : undefined;
}

it("Ctrl-C under `dev`: both apps finish their shutdown, then everything exits 0", async () => {
  const supervisor = await started();
  // A terminal sends SIGINT to the whole foreground process group.
  process.kill(-(supervisor.child.pid as number), "SIGINT");
  expect(await supervisor.exited).toBe(0);
  const messages = supervisor.logs.map((line) => line.msg);
  expect(messages).toEqual(expect.arrayContaining(["stopped", "scheduler stopped", "all stopped"]));
  expect(messages).not.toContain("already shutting down");
});

it("the embedded database killed under `start` is restarted and the API is ready again; killed again and again, everything stops with one message", async () => {
  const supervisor = await started(["--no-watch"]);
  for (let restart = 1; restart <= 3; restart++) {
    process.kill(databasePid(supervisor, restart - 1) as number, "SIGKILL");
    await expect.poll(() => databasePid(supervisor, restart), { timeout: 30_000 }).toBeDefined();
    await expect.poll(() => readyStatus(apiUrl(supervisor)), { timeout: 30_000, interval: 250 }).toBe(200);
  }
  process.kill(databasePid(supervisor, 3) as number, "SIGKILL");
  expect(await supervisor.exited).toBe(1);
  const fatal = supervisor.logs.filter((line) => line.level === 60);
  expect(fatal.map((line) => line.msg)).toEqual([
    "the embedded database keeps dying (more than 3 restarts within 60 s); stopping everything",
  ]);
}, 120_000);

it("the API killed under `start` is started again and answers", async () => {
  const supervisor = await started(["--no-watch"]);
  const first = supervisor.last("api listening");
  process.kill(first?.pid as number, "SIGKILL");
  await expect.poll(() => supervisor.last("api listening") !== first, { timeout: 30_000 }).toBe(true);
  await expect.poll(() => readyStatus(apiUrl(supervisor)), { timeout: 30_000, interval: 250 }).toBe(200);
  expect(supervisor.last("api exited unexpectedly")).toBeDefined();
});

/** A loopback port free when asked (the API needs a known one for the supervisor to poll its /readyz). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

it("`dev` says Ping Pilot is running only once the API answers, with an address that works", async () => {
  const port = await freePort();
  const supervisor = await started([], { API_PORT: String(port), API_HOST: "127.0.0.1" });
  await expect.poll(() => supervisor.last("Ping Pilot is running"), { timeout: 30_000 }).toBeDefined();
  const messages = supervisor.logs.map((line) => line.msg);
  expect(messages.indexOf("Ping Pilot is running")).toBeGreaterThan(
    messages.findIndex((m) => m?.startsWith("api listening")),
  );
  const running = supervisor.last("Ping Pilot is running");
  expect(running?.api).toBe(`http://127.0.0.1:${port}`);
  expect(await readyStatus(String(running?.api))).toBe(200);
});
