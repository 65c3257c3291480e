/** MongoDB's (and FerretDB's) error code for an insert or upsert that collides with a unique index. */
export const DUPLICATE_KEY = 11000;

interface WriteErrorLike {
  index?: number;
  code?: number;
  err?: { code?: number };
}

/** The per-document errors of a bulk write (the driver gives an array, or one object for a single failure). */
function writeErrorsOf(error: unknown): WriteErrorLike[] | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const raw = (error as { writeErrors?: unknown }).writeErrors;
  if (Array.isArray(raw)) return raw as WriteErrorLike[];
  return typeof raw === "object" && raw !== null ? [raw as WriteErrorLike] : undefined;
}

function codeOf(entry: WriteErrorLike): number | undefined {
  return entry.code ?? entry.err?.code;
}

/**
 * Whether a write failed only because a unique key exists already: the single error of an insert or
 * upsert, or every write error of a bulk write. An exclusive step here is a unique insert (the one
 * write FerretDB makes atomic across connections), so this is how "someone else got there first" reads.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  const writeErrors = writeErrorsOf(error);
  if (writeErrors && writeErrors.length > 0) return writeErrors.every((entry) => codeOf(entry) === DUPLICATE_KEY);
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

/**
 * The positions of the documents an unordered bulk insert of `count` documents lost to existing keys;
 * undefined when the error is anything else (or does not say which documents failed).
 */
export function duplicateKeyIndexes(error: unknown, count: number): Set<number> | undefined {
  if (!isDuplicateKeyError(error)) return undefined;
  const writeErrors = writeErrorsOf(error);
  if (!writeErrors || writeErrors.length === 0) return count === 1 ? new Set([0]) : undefined;
  const indexes = writeErrors.map((entry) => entry.index);
  if (indexes.some((index) => typeof index !== "number")) return undefined;
  return new Set(indexes as number[]);
}
