import { createHmac, timingSafeEqual } from "node:crypto";

/** The header that carries the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = "x-pingpilot-signature";

/**
 * Signs a webhook body: HMAC-SHA256 with the channel's secret over `<timestamp>.<body>`, where the
 * timestamp is in Unix seconds. The timestamp is inside the signed text so an old request cannot be
 * replayed with a new time, and receivers can refuse old ones.
 */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const signature = createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex");
  return `t=${timestampSeconds},v1=${signature}`;
}

/**
 * Verifies a signature header against a raw body (what receivers do; see docs/notifications.md for the
 * standalone version). False when malformed, forged, or older than `toleranceSeconds`.
 */
export function verifyWebhookSignature(input: {
  header: string | undefined;
  body: string;
  secret: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  const parts = new Map(
    (input.header ?? "").split(",").map((part) => {
      const index = part.indexOf("=");
      return [part.slice(0, index).trim(), part.slice(index + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get("t"));
  const given = parts.get("v1") ?? "";
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(input.nowSeconds - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = createHmac("sha256", input.secret).update(`${timestamp}.${input.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}
