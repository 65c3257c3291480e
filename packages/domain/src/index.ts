export * from "./auth.ts";
export { type Clock, manualClock, systemClock } from "./clock.ts";
export * from "./errors.ts";
export * from "./system.ts";
