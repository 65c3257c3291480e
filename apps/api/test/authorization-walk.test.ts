import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restOperations } from "../src/rest/rest-operations.ts";
import { password, type RegisteredUser, registerUser } from "./auth-helpers.ts";
import { heartbeatMonitorInput, httpMonitorInput } from "./monitor-helpers.ts";
import { allProcedures, callProcedure, type ProcedureEntry, publicProcedures } from "./procedure-calls.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

/** User A's objects, which everybody else must neither see nor change. */
interface Victim {
  userId: string;
  email: string;
  monitor: string;
  heartbeat: string;
  channel: string;
  webhook: string;
  session: string;
  apiKey: string;
  report: string;
}

/**
 * How each non-public procedure is checked:
 * - `owned`: takes the id of someone's object; called by B with A's ids it must answer NOT_FOUND (or
 *   FORBIDDEN) and leave A's object as it was.
 * - `admin`: administrators only; B (a plain user) gets FORBIDDEN, whatever the target.
 * - `self`: acts on the caller only (lists, creates, own profile); called by a fresh user it must work and
 *   answer nothing of A's.
 * A procedure missing here fails the suite: adding one means deciding which of these it is.
 */
type Coverage =
  | { kind: "owned"; input: (a: Victim) => unknown }
  | { kind: "admin"; input: (a: Victim) => unknown }
  | { kind: "self"; input: () => unknown };

const id = (key: keyof Victim) => (a: Victim) => ({ id: a[key] });

const covered: Record<string, Coverage> = {
  "auth.logoutAll": { kind: "self", input: () => undefined },
  "auth.me": { kind: "self", input: () => undefined },
  "user.updateProfile": { kind: "self", input: () => ({ name: "Bea" }) },
  "user.changePassword": { kind: "self", input: () => ({ currentPassword: password, newPassword: password }) },
  "user.deleteAccount": { kind: "self", input: () => ({ password }) },
  "session.list": { kind: "self", input: () => undefined },
  "session.revoke": { kind: "owned", input: (a) => ({ sessionId: a.session }) },
  "apiKey.create": { kind: "self", input: () => ({ name: "mine", scope: "read" }) },
  "apiKey.list": { kind: "self", input: () => undefined },
  "apiKey.revoke": { kind: "owned", input: (a) => ({ apiKeyId: a.apiKey }) },
  "admin.listUsers": { kind: "admin", input: () => ({}) },
  "admin.setRole": { kind: "admin", input: (a) => ({ userId: a.userId, role: "user" }) },
  "admin.disableUser": { kind: "admin", input: (a) => ({ userId: a.userId }) },
  "admin.enableUser": { kind: "admin", input: (a) => ({ userId: a.userId }) },
  "monitor.create": { kind: "self", input: () => httpMonitorInput({ name: "mine" }) },
  "monitor.update": { kind: "owned", input: (a) => ({ id: a.monitor, type: "http", name: "hijacked" }) },
  "monitor.delete": { kind: "owned", input: id("monitor") },
  "monitor.get": { kind: "owned", input: id("monitor") },
  "monitor.list": { kind: "self", input: () => ({}) },
  "monitor.pause": { kind: "owned", input: id("monitor") },
  "monitor.resume": { kind: "owned", input: id("monitor") },
  "monitor.checkNow": { kind: "owned", input: id("monitor") },
  "monitor.rotatePushToken": { kind: "owned", input: id("heartbeat") },
  "monitor.overview": { kind: "self", input: () => undefined },
  "monitor.results": { kind: "owned", input: id("monitor") },
  "monitor.stats": { kind: "owned", input: id("monitor") },
  "monitor.incidents": { kind: "owned", input: id("monitor") },
  "monitor.dailySummaries": { kind: "owned", input: id("monitor") },
  "channel.create": { kind: "self", input: () => ({ type: "email", name: "mine" }) },
  "channel.update": { kind: "owned", input: (a) => ({ id: a.channel, name: "hijacked", to: "thief@example.com" }) },
  "channel.delete": { kind: "owned", input: id("channel") },
  "channel.list": { kind: "self", input: () => undefined },
  "channel.get": { kind: "owned", input: id("channel") },
  "channel.test": { kind: "owned", input: id("channel") },
  "channel.rotateSecret": { kind: "owned", input: id("webhook") },
  // Deliveries are only ever reached through their channel's id.
  "channel.deliveries": { kind: "owned", input: id("channel") },
  "report.list": { kind: "self", input: () => ({}) },
  "report.get": { kind: "owned", input: id("report") },
};

let api: TestApi;
let a: RegisteredUser;
let b: RegisteredUser;
let victim: Victim;

beforeAll(async () => {
  api = await startTestApi({
    env: { RATE_LIMIT_REGISTER_PER_IP: "1000", RATE_LIMIT_LOGIN_PER_IP: "1000", RATE_LIMIT_WRITES_PER_MINUTE: "1000" },
  });
  a = await registerUser(api, { name: "Ada" });
  b = await registerUser(api, { name: "Bea" });
  const monitor = await a.client.monitor.create.mutate(httpMonitorInput({ name: "A's site" }));
  const heartbeat = await a.client.monitor.create.mutate(heartbeatMonitorInput({ name: "A's backup" }));
  const channel = await a.client.channel.create.mutate({ type: "email", name: "A's inbox" });
  const webhook = await a.client.channel.create.mutate({
    type: "webhook",
    name: "A's hook",
    url: "https://93.184.215.14/hook",
  });
  const apiKey = await a.client.apiKey.create.mutate({ name: "A's script", scope: "full" });
  const [session] = await a.client.session.list.query();
  const firstDay = "2026-11-02";
  const report = `${a.user.id}:weekly:${firstDay}`;
  // Reports are written by the scheduler; one stored directly is enough to be someone else's target.
  await api.db.models.Report.create({
    _id: report,
    userId: a.user.id,
    kind: "weekly",
    timezone: "UTC",
    periodStart: new Date(`${firstDay}T00:00:00Z`),
    periodEnd: new Date("2026-11-09T00:00:00Z"),
    firstDay,
    lastDay: "2026-11-08",
    figures: { monitors: [] },
    generatedAt: new Date(),
  });
  victim = {
    userId: a.user.id,
    email: a.email,
    monitor: monitor.id,
    heartbeat: heartbeat.id,
    channel: channel.channel.id,
    webhook: webhook.channel.id,
    session: session?.id ?? "",
    apiKey: apiKey.apiKey.id,
    report,
  };
});
afterAll(async () => api.stop());

/** Everything A owns, as stored: compared before and after the others' attempts. */
async function snapshotOfVictim() {
  const { models } = api.db;
  const owner = { userId: victim.userId };
  const [user, monitors, channels, sessions, apiKeys, reports] = await Promise.all([
    models.User.findById(victim.userId).lean(),
    models.Monitor.find(owner).sort({ _id: 1 }).lean(),
    models.NotificationChannel.find(owner).sort({ _id: 1 }).lean(),
    models.Session.find(owner).sort({ _id: 1 }).lean(),
    models.ApiKey.find(owner).sort({ _id: 1 }).lean(),
    models.Report.find(owner).sort({ _id: 1 }).lean(),
  ]);
  return JSON.parse(JSON.stringify({ user, monitors, channels, sessions, apiKeys, reports }));
}

const bearer = (user: RegisteredUser) => ({ authorization: `Bearer ${user.accessToken}` });

/** True when the answer mentions any of A's ids or A's email. */
function mentionsVictim(data: unknown): boolean {
  const text = JSON.stringify(data ?? null);
  const { userId, email, ...objects } = victim;
  return [userId, email, ...Object.values(objects)].some((value) => value !== "" && text.includes(value));
}

function guardedProcedures(): ProcedureEntry[] {
  return allProcedures().filter((entry) => !publicProcedures.includes(entry.path));
}

describe("the authorization walk covers everything", () => {
  it("every procedure of the router is either deliberately public or in the coverage table, and nothing stale is listed", () => {
    const paths = allProcedures().map((entry) => entry.path);
    expect(paths.length).toBeGreaterThan(40);
    const uncovered = paths.filter((path) => !publicProcedures.includes(path) && !(path in covered));
    expect(uncovered, "procedures nobody decided about: add them to `covered` or `publicProcedures`").toEqual([]);
    const stale = [...publicProcedures, ...Object.keys(covered)].filter((path) => !paths.includes(path));
    expect(stale).toEqual([]);
    expect(publicProcedures.filter((path) => path in covered)).toEqual([]);
  });
});

describe("without credentials", () => {
  it("every procedure that is not public refuses an anonymous caller and a garbage bearer with UNAUTHORIZED", async () => {
    const credentials: Record<string, string>[] = [
      {},
      { authorization: "Bearer not.a.token" },
      { "x-api-key": "pp_garbage" },
    ];
    for (const entry of guardedProcedures()) {
      const coverage = covered[entry.path];
      const input = coverage?.kind === "self" ? coverage.input() : {};
      for (const headers of credentials) {
        const answer = await callProcedure(api, entry, input, headers);
        expect({ path: entry.path, headers, code: answer.code }).toEqual({
          path: entry.path,
          headers,
          code: "UNAUTHORIZED",
        });
      }
    }
  });

  it("every REST route refuses an anonymous caller with 401", async () => {
    for (const operation of restOperations) {
      const response = await fetch(`${api.url}/api/v1${operation.path.replace("{id}", victim.monitor)}`, {
        method: operation.method.toUpperCase(),
        ...(operation.method === "get" ? {} : { headers: { "content-type": "application/json" }, body: "{}" }),
      });
      expect({ operation: operation.operationId, status: response.status }).toEqual({
        operation: operation.operationId,
        status: 401,
      });
    }
  });
});

describe("user B and user A's objects", () => {
  it("B can neither read nor change any of A's objects through any procedure taking an id, and A's data is unchanged", async () => {
    const before = await snapshotOfVictim();
    for (const entry of guardedProcedures()) {
      const coverage = covered[entry.path];
      if (coverage?.kind !== "owned" && coverage?.kind !== "admin") continue;
      const answer = await callProcedure(api, entry, coverage.input(victim), bearer(b));
      const allowed = coverage.kind === "admin" ? ["FORBIDDEN"] : ["NOT_FOUND", "FORBIDDEN"];
      expect({ path: entry.path, refused: allowed.includes(answer.code ?? "OK"), code: answer.code }).toMatchObject({
        path: entry.path,
        refused: true,
      });
      expect(mentionsVictim(answer.data), entry.path).toBe(false);
    }
    // B's own credentials still worked all along (a refusal above was not B being signed out).
    expect((await callProcedure(api, { path: "auth.me", type: "query" }, undefined, bearer(b))).code).toBeUndefined();
    expect(await snapshotOfVictim()).toEqual(before);
  });

  it("procedures acting on the caller work for another user and answer nothing of A's", async () => {
    const before = await snapshotOfVictim();
    for (const entry of guardedProcedures()) {
      const coverage = covered[entry.path];
      if (coverage?.kind !== "self") continue;
      // A fresh user per call: some of these sign the caller out or delete the account.
      const caller = await registerUser(api, { email: `walk-${randomUUID().slice(0, 8)}@example.com` });
      const answer = await callProcedure(api, entry, coverage.input(), bearer(caller));
      expect({ path: entry.path, code: answer.code }).toEqual({ path: entry.path, code: undefined });
      expect(mentionsVictim(answer.data), entry.path).toBe(false);
    }
    expect(await snapshotOfVictim()).toEqual(before);
  });

  it("over REST, B gets 404 for A's monitor on every route with an id, and A's monitors in no other answer", async () => {
    const before = await snapshotOfVictim();
    for (const operation of restOperations) {
      const owned = operation.path.includes("{id}");
      const response = await fetch(`${api.url}/api/v1${operation.path.replace("{id}", victim.monitor)}`, {
        method: operation.method.toUpperCase(),
        headers: { ...bearer(b), "content-type": "application/json" },
        ...(operation.method === "get"
          ? {}
          : {
              body: JSON.stringify(
                operation.method === "patch" ? { type: "http", name: "hijacked" } : httpMonitorInput({ name: "B's" }),
              ),
            }),
      });
      const body: unknown = await response.json();
      if (owned) {
        expect({ operation: operation.operationId, status: response.status }).toEqual({
          operation: operation.operationId,
          status: 404,
        });
      } else {
        expect(response.status, operation.operationId).toBeLessThan(300);
      }
      expect(mentionsVictim(body), operation.operationId).toBe(false);
    }
    expect(await snapshotOfVictim()).toEqual(before);
  });
});
