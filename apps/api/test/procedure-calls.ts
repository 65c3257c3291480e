import { appRouter } from "@pingpilot/api";
import superjson from "superjson";
import type { TestApi } from "./test-server.ts";

export interface ProcedureEntry {
  /** Dotted tRPC path, e.g. `monitor.get`. */
  path: string;
  type: "query" | "mutation";
}

/** Every procedure of `appRouter`, read from the router itself: a new one shows up here on its own. */
export function allProcedures(): ProcedureEntry[] {
  const procedures: Record<string, unknown> = appRouter._def.procedures;
  return Object.entries(procedures).map(([path, procedure]) => {
    const type = (procedure as { _def?: { type?: unknown } })._def?.type;
    if (type !== "query" && type !== "mutation") throw new Error(`${path}: unexpected procedure type ${String(type)}`);
    return { path, type };
  });
}

/**
 * The procedures meant to answer without credentials. Every other procedure must refuse an anonymous
 * caller; adding one here is a deliberate, reviewed decision.
 */
export const publicProcedures: readonly string[] = [
  "system.health",
  "auth.register",
  "auth.login",
  "auth.refresh",
  "auth.logout",
  "auth.passwordReset.request",
  "auth.passwordReset.confirm",
];

export interface ProcedureAnswer {
  status: number;
  /** The tRPC error code, or undefined when the call succeeded. */
  code: string | undefined;
  data: unknown;
}

/**
 * Calls one procedure over real HTTP by its path (unbatched tRPC wire format, superjson), so tests can
 * walk procedures the typed client only knows statically.
 */
export async function callProcedure(
  api: TestApi,
  entry: ProcedureEntry,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<ProcedureAnswer> {
  const encoded = JSON.stringify(superjson.serialize(input));
  const url = `${api.url}/trpc/${entry.path}`;
  const response =
    entry.type === "query"
      ? await fetch(`${url}?input=${encodeURIComponent(encoded)}`, { headers })
      : await fetch(url, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: encoded,
        });
  const body = (await response.json()) as {
    result?: { data: Parameters<typeof superjson.deserialize>[0] };
    error?: { json?: { data?: { code?: string } } };
  };
  if (body.error) return { status: response.status, code: body.error.json?.data?.code ?? "NO_CODE", data: undefined };
  return {
    status: response.status,
    code: undefined,
    data: body.result ? superjson.deserialize(body.result.data) : null,
  };
}
