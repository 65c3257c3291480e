import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A fresh random secret: 32 bytes (256 bits), base64url. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * SHA-256 of a high-entropy secret, hex. A plain fast hash is right here (unlike passwords): the input is
 * 256 random bits, so there is nothing to brute-force, and lookups by hash stay a point read.
 */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Compares two hex digests without leaking where they differ. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}
