export * from "@pingpilot/domain";
export { type ClientOptions, createClient, type PingPilotClient } from "./create-client.ts";
export { createSessionClient, type SessionClient, type SessionClientOptions } from "./create-session-client.ts";
export { isClientError } from "./errors.ts";
export type { RouterInputs, RouterOutputs } from "./types.ts";
