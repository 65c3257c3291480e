import { InvalidInputError } from "@pingpilot/domain";
import { type TRPCDefaultErrorShape, TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError, z } from "zod";
import { domainErrorOf, retryAfterHeaderOf } from "./errors.ts";

/**
 * What an error tells its caller, built here once for /trpc (the errorFormatter's `data`) and for every
 * plain HTTP answer (REST, body-parser errors, 404s, refused requests): the same code names, field errors
 * and retry hint on both.
 */

/** Field name → messages, for forms. */
export type FieldErrors = Record<string, string[] | undefined>;

/**
 * The one mapping of HTTP status → error code for every answer that is not a tRPC envelope (REST, /push's
 * JSON-less neighbours, body-parser errors, 404s, header-size errors). The names are tRPC's, so a caller
 * sees the same code on /trpc and /api/v1.
 */
const codeByStatus: Readonly<Record<number, string>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  408: "TIMEOUT",
  409: "CONFLICT",
  412: "PRECONDITION_FAILED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE_CONTENT",
  429: "TOO_MANY_REQUESTS",
  431: "REQUEST_HEADER_FIELDS_TOO_LARGE",
  500: "INTERNAL_SERVER_ERROR",
  503: "SERVICE_UNAVAILABLE",
};

/** A status's code; an unlisted 4xx is a bad request, anything else an internal error (never the reverse). */
export function errorCodeForStatus(status: number): string {
  return codeByStatus[status] ?? (status >= 400 && status < 500 ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR");
}

/** Present when the input failed validation (a procedure's zod error) or a domain rule on one field. */
export function fieldErrorsOf(error: unknown): FieldErrors | undefined {
  const cause = error instanceof TRPCError ? error.cause : undefined;
  if (cause instanceof ZodError) return z.flattenError(cause).fieldErrors;
  const domain = domainErrorOf(error);
  return domain instanceof InvalidInputError && domain.field ? { [domain.field]: [domain.message] } : undefined;
}

/**
 * A failed validation as one sentence for `message`: the first problem, named by its field
 * ("email: must be an email address"). Never zod's own message, which is the whole issue array as JSON.
 * An input missing altogether on /trpc is most often a call without superjson's `{"json": …}` wrapper.
 */
export function validationMessageOf(error: ZodError): string {
  const [first] = error.issues;
  if (!first) return "Invalid input";
  if (first.path.length > 0) return `${first.path.map(String).join(".")}: ${first.message}`;
  if (first.code === "invalid_type" && first.message.endsWith("received undefined")) {
    return 'Input is missing: send it as {"json": <input>} (tRPC over HTTP with superjson), or use /api/v1';
  }
  return first.message;
}

/** What `message` says: a validation's first problem, a domain rule's own words, "Internal server error". */
function trpcMessageOf(error: TRPCError, fallback: string): string {
  if (error.code === "INTERNAL_SERVER_ERROR") return "Internal server error";
  return error.cause instanceof ZodError ? validationMessageOf(error.cause) : fallback;
}

/**
 * tRPC's errorFormatter: its envelope with the same code names, field errors and retry hint as the plain
 * body below. Internal errors say only "Internal server error"; no stack, whatever NODE_ENV says.
 */
export function formatTRPCError({ shape, error }: { shape: TRPCDefaultErrorShape; error: TRPCError }) {
  return {
    ...shape,
    message: trpcMessageOf(error, shape.message),
    data: {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      path: shape.data.path,
      /** Field name → messages, for forms: present when the input failed validation or a rule on one field. */
      fieldErrors: fieldErrorsOf(error) ?? null,
      /** Rate limits and an unreachable database: when trying again makes sense. */
      retryAfterSeconds: retryAfterHeaderOf(error) ?? null,
    },
  };
}

export interface ErrorBody {
  error: { code: string; message: string; fieldErrors?: FieldErrors };
}

/** The documented error shape: `{"error":{"code","message"}}`, plus field errors when input failed validation. */
export function errorBody(status: number, message: string, fieldErrors?: FieldErrors): ErrorBody {
  return { error: { code: errorCodeForStatus(status), message, ...(fieldErrors ? { fieldErrors } : {}) } };
}

/** What a plain HTTP error answer says; internal details stay in the log. */
export interface HttpErrorAnswer {
  status: number;
  body: ErrorBody;
  /** The `Retry-After` header, for rate limits (429) and an unreachable database (503). */
  retryAfterSeconds: number | undefined;
}

/** Express and body-parser errors carry their status; `expose` says their message is meant for the caller. */
function httpStatusOf(error: unknown): { status: number; expose: boolean } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === "number" && status >= 400 && status < 600 ? { status, expose: expose === true } : undefined;
}

function statusAndMessageOf(error: unknown): { status: number; message: string } {
  const domain = domainErrorOf(error);
  const trpcError = error instanceof TRPCError ? error : domain ? new TRPCError({ code: domain.code }) : undefined;
  if (trpcError) {
    const status = getHTTPStatusCodeFromError(trpcError);
    if (trpcError.cause instanceof ZodError) return { status, message: validationMessageOf(trpcError.cause) };
    return { status, message: domain?.message ?? (status >= 500 ? "Internal server error" : trpcError.message) };
  }
  const http = httpStatusOf(error);
  if (http && http.status < 500) {
    return { status: http.status, message: http.expose ? String((error as Error).message) : "Bad request" };
  }
  return { status: http?.status ?? 500, message: "Internal server error" };
}

/** Any error as a plain HTTP answer: the status its kind implies and the documented body. */
export function httpErrorAnswerOf(error: unknown): HttpErrorAnswer {
  const { status, message } = statusAndMessageOf(error);
  return {
    status,
    body: errorBody(status, message, fieldErrorsOf(error)),
    retryAfterSeconds: retryAfterHeaderOf(error),
  };
}
