import { DomainError, RateLimitedError } from "@pingpilot/domain";
import { TRPCError } from "@trpc/server";

/** The one place domain errors become transport errors. */
export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: error.code, message: error.message, cause: error });
}

/** Unwraps the domain error a procedure threw, if that is what it threw. */
export function domainErrorOf(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (error instanceof TRPCError && error.cause instanceof DomainError) return error.cause;
  return undefined;
}

/** Seconds a rate-limited caller should wait, for the HTTP `Retry-After` header. */
export function retryAfterSecondsOf(error: unknown): number | undefined {
  const domain = domainErrorOf(error);
  return domain instanceof RateLimitedError ? domain.retryAfterSeconds : undefined;
}
