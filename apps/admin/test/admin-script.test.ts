import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { PingPilotClient } from "@pingpilot/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The end-to-end helpers of the API app: the real API on an ephemeral port, on a fresh database.
import { registerUser } from "../../api/test/auth-helpers.ts";
import { startTestApi, type TestApi } from "../../api/test/test-server.ts";
import { type AdminIo, runAdmin } from "../src/run-admin.ts";

const publicIp = "93.184.215.14";
let api: TestApi;
let workDir: string;
beforeAll(async () => {
  api = await startTestApi({ env: { RATE_LIMIT_REGISTER_PER_IP: "1000" } });
  workDir = await mkdtemp(join(tmpdir(), "pingpilot-admin-"));
});
afterAll(async () => {
  await api.stop();
  await rm(workDir, { recursive: true, force: true });
});

interface Account {
  /** The owner signed in (full access), for setting up and checking. */
  client: PingPilotClient;
  /** What the script gets: the API's URL and an API key of the given scope. */
  env: Record<string, string>;
}

async function account(scope: "read" | "full" = "full"): Promise<Account> {
  const user = await registerUser(api);
  const { key } = await user.client.apiKey.create.mutate({ name: "admin script", scope });
  return { client: user.client, env: { PINGPILOT_URL: api.url, PINGPILOT_API_KEY: key } };
}

/** Runs the script in-process with captured output. */
async function admin(env: Record<string, string>, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: AdminIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readText: (path) => readFile(path, "utf8"),
    writeText: (path, text) => writeFile(path, text),
    readStdin: async () => "",
    now: () => new Date("2026-06-01T12:00:00Z"),
  };
  const code = await runAdmin(argv, env, io);
  return { code, stdout, stderr };
}

async function seed(client: PingPilotClient): Promise<void> {
  await client.monitor.create.mutate({ type: "http", name: "Website", url: `https://${publicIp}/`, tags: ["prod"] });
  await client.monitor.create.mutate({ type: "tcp", name: "Postgres", host: publicIp, port: 5432 });
  await client.monitor.create.mutate({
    type: "heartbeat",
    name: "Nightly backup",
    schedule: { kind: "cron", expression: "0 3 * * *", timezone: "Europe/Berlin" },
    graceSeconds: 1_800,
  });
}

async function names(client: PingPilotClient): Promise<string[]> {
  return (await client.monitor.list.query({ sort: "name" })).items.map((monitor) => monitor.config.name);
}

describe("admin script (apps/admin) against the real API", () => {
  it("export writes every monitor's configuration as JSON, to stdout or a file", async () => {
    const { client, env } = await account("read");
    await seed(client);
    const result = await admin(env, "export");
    expect(result.code).toBe(0);
    const file = JSON.parse(result.stdout);
    expect(file).toMatchObject({ format: "pingpilot.monitors", version: 1, exportedAt: "2026-06-01T12:00:00.000Z" });
    expect(file.monitors.map((entry: { config: { name: string } }) => entry.config.name)).toEqual([
      "Website",
      "Postgres",
      "Nightly backup",
    ]);
    expect(file.monitors[2].config).toMatchObject({
      type: "heartbeat",
      schedule: { kind: "cron", expression: "0 3 * * *", timezone: "Europe/Berlin" },
      graceSeconds: 1_800,
    });
    expect(result.stdout).not.toContain("/push/");

    const out = join(workDir, "monitors.json");
    expect((await admin(env, "export", "--out", out)).code).toBe(0);
    expect(JSON.parse(await readFile(out, "utf8"))).toEqual(file);
  });

  it("import is idempotent: a second run changes nothing, edits are put back, deleted monitors come back once", async () => {
    const { client, env } = await account();
    await seed(client);
    const out = join(workDir, "same-account.json");
    await admin(env, "export", "--out", out);

    const first = await admin(env, "import", out);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("0 created, 0 updated, 3 unchanged, 0 failed");

    const monitors = (await client.monitor.list.query()).items;
    const website = monitors.find((monitor) => monitor.config.name === "Website");
    const postgres = monitors.find((monitor) => monitor.config.name === "Postgres");
    await client.monitor.update.mutate({ id: website?.id ?? "", type: "http", intervalSeconds: 300 });
    await client.monitor.delete.mutate({ id: postgres?.id ?? "" });

    const repair = await admin(env, "import", out);
    expect(repair.stdout).toContain("1 created, 1 updated, 1 unchanged, 0 failed");
    expect(repair.stdout).toMatch(/updated\s+http\s+Website/);
    expect(repair.stdout).toMatch(/created\s+tcp\s+Postgres/);
    const restored = await client.monitor.get.query({ id: website?.id ?? "" });
    expect(restored.config).toMatchObject({ intervalSeconds: 60 });

    const again = await admin(env, "import", out);
    expect(again.stdout).toContain("0 created, 0 updated, 3 unchanged, 0 failed");
    expect(await names(client)).toEqual(["Nightly backup", "Postgres", "Website"]);
  });

  it("importing into another account creates the monitors there once, matched by name and type afterwards", async () => {
    const source = await account();
    await seed(source.client);
    const out = join(workDir, "other-account.json");
    await admin(source.env, "export", "--out", out);

    const target = await account();
    const dryRun = await admin(target.env, "import", out, "--dry-run");
    expect(dryRun.stdout).toContain("3 created, 0 updated, 0 unchanged, 0 failed");
    expect(await names(target.client)).toEqual([]);

    expect((await admin(target.env, "import", out)).stdout).toContain("3 created");
    expect((await admin(target.env, "import", out)).stdout).toContain("0 created, 0 updated, 3 unchanged");
    expect(await names(target.client)).toEqual(["Nightly backup", "Postgres", "Website"]);
    // The source account is untouched, and the new heartbeat has its own push URL.
    expect(await names(source.client)).toEqual(["Nightly backup", "Postgres", "Website"]);
  });

  it("a monitor the API refuses is reported and the rest still go in; a read-only key cannot import", async () => {
    const target = await account();
    const file = {
      format: "pingpilot.monitors",
      version: 1,
      exportedAt: "2026-06-01T12:00:00.000Z",
      monitors: [
        { config: { type: "http", name: "Internal admin", url: "http://127.0.0.1:8080/" } },
        { config: { type: "tcp", name: "SMTP", host: publicIp, port: 25 } },
      ],
    };
    const path = join(workDir, "partial.json");
    await writeFile(path, JSON.stringify(file));
    const result = await admin(target.env, "import", path);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("failed    http      Internal admin: 127.0.0.1 is a loopback address: not allowed");
    expect(result.stdout).toContain("1 created, 0 updated, 0 unchanged, 1 failed");

    const readOnly = await account("read");
    const refused = await admin(readOnly.env, "import", path);
    expect(refused.stdout).toContain("0 created, 0 updated, 0 unchanged, 2 failed");
    expect(refused.stdout).toContain("read-only");
  });

  it("status prints one aligned row per monitor under a summary line", async () => {
    const { client, env } = await account("read");
    await seed(client);
    const result = await admin(env, "status");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("3 monitors: 3 pending · 0 open incidents");
    expect(lines[2]).toMatch(/^STATUS\s+TYPE\s+NAME\s+UPTIME 24H\s+LAST CHECK\s+LAST RESULT$/);
    expect(lines.slice(3)).toEqual([
      expect.stringMatching(/^PENDING\s+heartbeat\s+Nightly backup\s+–\s+never pinged$/),
      expect.stringMatching(/^PENDING\s+tcp\s+Postgres\s+–\s+not checked yet$/),
      expect.stringMatching(/^PENDING\s+http\s+Website\s+–\s+not checked yet$/),
    ]);
    // Columns line up: NAME starts at the same offset on every row.
    const offsets = lines
      .slice(2)
      .map((line) => line.indexOf(line.includes("NAME") ? "NAME" : (line.split(/\s{2,}/)[2] ?? "")));
    expect(new Set(offsets).size).toBe(1);
  });

  it("a bad environment or command is explained and exits with 2; the real script runs as a process", async () => {
    const bad = await admin({ PINGPILOT_URL: "ftp://x", PINGPILOT_API_KEY: "secret" }, "status");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("PINGPILOT_URL: must be the API's http(s) URL");
    expect(bad.stderr).toContain("PINGPILOT_API_KEY: does not look like a Ping Pilot API key");
    const { env } = await account("read");
    expect((await admin(env, "frobnicate")).code).toBe(2);

    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(import.meta.dirname, "../src/main.ts"), "status"],
      {
        env: { ...process.env, ...env },
      },
    );
    expect(stdout).toMatch(/^0 monitors · 0 open incidents/);
  });
});
