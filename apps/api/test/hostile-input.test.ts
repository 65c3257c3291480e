import { appRouter } from "@pingpilot/api";
import type { PingPilotClient } from "@pingpilot/client";
import { Types } from "@pingpilot/db";
import * as domain from "@pingpilot/domain";
import { hostileValues } from "@pingpilot/domain/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { registerUser } from "./auth-helpers.ts";
import { httpMonitorInput, publicIp } from "./monitor-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

let api: TestApi;
let client: PingPilotClient;
let accessToken: string;
let userId: string;
beforeAll(async () => {
  api = await startTestApi({ env: { RATE_LIMIT_WRITES_PER_MINUTE: "100000", RATE_LIMIT_READS_PER_MINUTE: "100000" } });
  const user = await registerUser(api);
  client = user.client;
  accessToken = user.accessToken;
  userId = user.user.id;
});
afterAll(async () => {
  await api.stop();
});

interface RawAnswer {
  status: number;
  body: { error?: { code?: string; message?: string; json?: { data?: { code?: string; fieldErrors?: unknown } } } };
}

/** A raw call with a body exactly as given (bytes or JSON text), so nothing on the client side cleans it up. */
async function raw(method: string, path: string, body?: string | Uint8Array): Promise<RawAnswer> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, body: (await response.json()) as RawAnswer["body"] };
}

/** tRPC over HTTP (superjson without meta is the JSON itself). */
function trpc(procedure: string, inputJson: string): Promise<RawAnswer> {
  return raw("POST", `/trpc/${procedure}`, `{"json":${inputJson}}`);
}

function codeOf(answer: RawAnswer): string | undefined {
  return answer.body.error?.json?.data?.code ?? answer.body.error?.code;
}

const monitorCount = () => api.db.models.Monitor.countDocuments();
const channelCount = () => api.db.models.NotificationChannel.countDocuments();

describe("hostile monitor headers", () => {
  it("a header named constructor or prototype is refused on the headers field, and nothing is stored", async () => {
    const before = await monitorCount();
    // Raw calls: the typed client's own superjson refuses to send such an object at all. (A `__proto__` key
    // never reaches the schema over tRPC: superjson's deserialising copy drops it; see the REST calls below.)
    for (const name of ["constructor", "prototype"]) {
      const answer = await trpc(
        "monitor.create",
        JSON.stringify(httpMonitorInput({ headers: { "x-ok": "1" } })).replace('"x-ok"', JSON.stringify(name)),
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error?.json?.data).toMatchObject({
        code: "BAD_REQUEST",
        fieldErrors: { headers: [`header "${name}" is a reserved JavaScript name`] },
      });
    }
    for (const name of ["constructor", "__proto__"]) {
      const rest = await raw(
        "POST",
        "/api/v1/monitors",
        `{"type":"http","name":"p","url":"https://${publicIp}/","headers":{${JSON.stringify(name)}:"x"}}`,
      );
      expect(rest).toMatchObject({
        status: 400,
        body: { error: { fieldErrors: { headers: [`header "${name}" is a reserved JavaScript name`] } } },
      });
    }
    expect(await monitorCount()).toBe(before);
  });

  it("a monitor already stored with such header keys is still listed, fetched and editable; the view leaves them out", async () => {
    const _id = new Types.ObjectId();
    const created = await client.monitor.create.mutate(httpMonitorInput({ name: "stored before the rule" }));
    const stored = await api.db.models.Monitor.findById(created.id).lean();
    const headers = JSON.parse('{"X-Ok": "1", "constructor": "c", "prototype": "p", "__proto__": "q"}');
    await api.db.models.Monitor.collection.insertOne({
      ...stored,
      _id,
      pushToken: `token-${_id.toHexString()}`,
      config: { ...stored?.config, headers },
    });
    const fetched = await client.monitor.get.query({ id: _id.toHexString() });
    expect(fetched.config.type === "http" && fetched.config.headers).toEqual({ "X-Ok": "1" });
    const listed = await client.monitor.list.query({});
    expect(listed.items.map((monitor) => monitor.id)).toContain(_id.toHexString());
    const rest = await raw("GET", `/api/v1/monitors/${_id.toHexString()}`);
    expect(rest.status).toBe(200);
    // An edit writes the safe headers back, so the stored document heals.
    const renamed = await client.monitor.update.mutate({ id: _id.toHexString(), type: "http", name: "renamed" });
    expect(renamed.config.name).toBe("renamed");
    const healed = await api.db.models.Monitor.collection.findOne({ _id });
    expect(Object.keys(healed?.config.headers ?? {})).toEqual(["X-Ok"]);
  });
});

/** Payloads that must be refused with a typed 400 wherever they appear, built on valid monitors and channels. */
function hostileMonitorPayloads(): Array<[string, Record<string, unknown>]> {
  const base = httpMonitorInput();
  const payloads: Array<[string, Record<string, unknown>]> = [];
  for (const [label, value] of hostileValues()) {
    if (label === "empty object") continue; // a valid (empty) headers map
    const fields = label.includes("URL") ? ["url"] : ["name", "url", "headers", "tags"];
    for (const field of fields) {
      payloads.push([`${label} as ${field}`, { ...base, [field]: value }]);
    }
  }
  payloads.push(["an operator object as a header value", { ...base, headers: { "x-a": { $gt: "" } } }]);
  payloads.push(["an operator as a tag", { ...base, tags: [{ $ne: null }] }]);
  payloads.push(["a $where header", { ...base, headers: { $where: "1" } }]);
  payloads.push(["a dotted header", { ...base, headers: { "a.b": "1" } }]);
  payloads.push(["a NUL in a header name", { ...base, headers: { "a\u0000b": "1" } }]);
  return payloads;
}

describe("hostile payloads on create and update (tRPC and REST)", () => {
  it("every payload answers a typed 400, never a 500, and writes nothing", async () => {
    const existing = await client.monitor.create.mutate(httpMonitorInput({ name: "the one to update" }));
    const storedBefore = await api.db.models.Monitor.findById(existing.id).lean();
    const before = await monitorCount();
    const failures: string[] = [];
    for (const [label, payload] of hostileMonitorPayloads()) {
      const json = JSON.stringify(payload);
      const { type: _type, ...patch } = payload;
      // Over tRPC a __proto__ key is dropped before validation (superjson's copy), leaving a valid input.
      const overTrpc = !label.includes("__proto__");
      const trpcCalls = overTrpc
        ? {
            "trpc create": await trpc("monitor.create", json),
            "trpc update": await trpc("monitor.update", JSON.stringify({ id: existing.id, type: "http", ...patch })),
          }
        : {};
      const answers = {
        ...trpcCalls,
        "rest create": await raw("POST", "/api/v1/monitors", json),
        "rest update": await raw(
          "PATCH",
          `/api/v1/monitors/${existing.id}`,
          JSON.stringify({ type: "http", ...patch }),
        ),
      };
      for (const [call, answer] of Object.entries(answers)) {
        // A typed 4xx: a 400 from validation, or the host's own 413 for a body over its size limit.
        if (!(answer.status === 400 || answer.status === 413) || codeOf(answer) === undefined) {
          failures.push(`${label} (${call}): ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await monitorCount()).toBe(before);
    expect(await api.db.models.Monitor.findById(existing.id).lean()).toEqual(storedBefore);
  });

  it("invalid UTF-8 in a JSON body is refused, not stored as U+FFFD", async () => {
    const before = await monitorCount();
    const prefix = new TextEncoder().encode(`{"type":"http","name":"caf`);
    const suffix = new TextEncoder().encode(`","url":"https://${publicIp}/"}`);
    const body = new Uint8Array([...prefix, 0xc3, 0x28, ...suffix]); // 0xC3 0x28 is not UTF-8
    const answer = await raw("POST", "/api/v1/monitors", body);
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { fieldErrors: { name: [expect.stringMatching(/broken character/)] } } },
    });
    expect(await monitorCount()).toBe(before);
  });

  it("channel and account inputs refuse the same payloads with a typed 400", async () => {
    const before = await channelCount();
    for (const [label, value] of hostileValues()) {
      const urlOnly = label.includes("URL");
      for (const input of [
        ...(urlOnly ? [] : [{ type: "webhook", name: value, url: "https://hooks.example.com/x" }]),
        { type: "webhook", name: "hook", url: value },
        // `to: null` is valid (the account's address), and NaN or Infinity travel as null.
        ...(JSON.stringify(value) === "null" ? [] : [{ type: "email", name: "mail", to: value }]),
      ]) {
        const answer = await trpc("channel.create", JSON.stringify(input));
        expect([label, answer.status < 500, codeOf(answer)]).toEqual([label, true, expect.any(String)]);
        expect(answer.status, label).toBeGreaterThanOrEqual(400);
      }
      if (urlOnly || label === "empty object" || label === "null") continue;
      const profile = await trpc("user.updateProfile", JSON.stringify({ name: value }));
      expect([label, profile.status < 500, codeOf(profile)]).toEqual([label, true, expect.any(String)]);
      expect(profile.status, label).toBeGreaterThanOrEqual(400);
    }
    expect(await channelCount()).toBe(before);
    const user = await api.db.models.User.findById(userId).lean();
    expect(user?.name ?? null).toBeNull();
  });
});

describe("the hostile-input suite covers every procedure", () => {
  it("every procedure's input is an input schema domain exports (so the property suite runs on it)", () => {
    const exported = new Set(
      Object.entries(domain as Record<string, unknown>)
        .filter(([name, value]) => /(Input|Request)Schema$/.test(name) && value instanceof z.ZodType)
        .map(([, value]) => value),
    );
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } }>;
    const uncovered = Object.entries(procedures)
      .filter(([, procedure]) => procedure._def.inputs.some((input) => !exported.has(input)))
      .map(([path]) => path);
    expect(uncovered).toEqual([]);
  });
});
