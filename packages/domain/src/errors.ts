/**
 * Domain errors: thrown inside packages, mapped to transport errors (TRPCError, HTTP status)
 * in exactly one place at the API edge.
 */
export type DomainErrorCode =
  | "NOT_FOUND"
  | "CONFLICT"
  | "FORBIDDEN"
  | "UNAUTHORIZED"
  | "BAD_REQUEST"
  | "TOO_MANY_REQUESTS"
  | "PRECONDITION_FAILED"
  | "SERVICE_UNAVAILABLE";

export class DomainError extends Error {
  readonly code: DomainErrorCode;

  constructor(code: DomainErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super("NOT_FOUND", `${what} not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super("CONFLICT", message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You do not have access to this") {
    super("FORBIDDEN", message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = "Authentication required") {
    super("UNAUTHORIZED", message);
  }
}

export class InvalidInputError extends DomainError {
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super("BAD_REQUEST", message);
    this.field = field;
  }
}

export class RateLimitedError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, message = "Too many requests, try again later") {
    super("TOO_MANY_REQUESTS", message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * The database cannot be reached right now (stalled, down, unreachable): the caller may try again after
 * `retryAfterSeconds`. A write that failed this way may or may not have been applied, so nothing retries
 * it on the caller's behalf.
 */
export class DatabaseUnavailableError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(options?: ErrorOptions & { retryAfterSeconds?: number }) {
    super("SERVICE_UNAVAILABLE", "The database is unavailable, try again shortly", options);
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 5;
  }
}
