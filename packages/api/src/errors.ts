import { databaseUnavailableFrom } from "@pingpilot/db";
import { DatabaseUnavailableError, DomainError, RateLimitedError } from "@pingpilot/domain";
import { TRPCError } from "@trpc/server";

/** The one place domain errors become transport errors. */
export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: error.code, message: error.message, cause: error });
}

/**
 * Unwraps the domain error a procedure threw, if that is what it threw; a driver's "cannot reach the
 * server" counts as the domain's DatabaseUnavailableError.
 */
export function domainErrorOf(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (error instanceof TRPCError && error.cause instanceof DomainError) return error.cause;
  return databaseUnavailableFrom(error instanceof TRPCError ? error.cause : error);
}

/** Seconds a rate-limited caller should wait (only rate limits: callers tell a 429 by it). */
export function retryAfterSecondsOf(error: unknown): number | undefined {
  const domain = domainErrorOf(error);
  return domain instanceof RateLimitedError ? domain.retryAfterSeconds : undefined;
}

/** The HTTP `Retry-After` for an error: rate limits (429) and an unreachable database (503). */
export function retryAfterHeaderOf(error: unknown): number | undefined {
  const domain = domainErrorOf(error);
  return domain instanceof RateLimitedError || domain instanceof DatabaseUnavailableError
    ? domain.retryAfterSeconds
    : undefined;
}
