import type { AppRouter } from "@pingpilot/api";
import { TRPCClientError } from "@trpc/client";

/** Narrows an unknown error to one the API answered with (code, httpStatus, fieldErrors...). */
export function isClientError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}
