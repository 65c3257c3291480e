import type { AppRouter } from "@pingpilot/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

/** Input types of every procedure, e.g. `RouterInputs["system"]["health"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Output types of every procedure, e.g. `RouterOutputs["system"]["health"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
