import { Types } from "@pingpilot/db";
import { randomSecret } from "./secret-token.ts";

/**
 * API keys look like `pp_<id>_<secret>`: the id finds the record with a point read, the 256-bit secret
 * is checked against its stored SHA-256 hash. The `pp_` prefix makes leaked keys easy to scan for.
 */
const keyPattern = /^pp_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey(): { id: Types.ObjectId; secret: string; key: string; preview: string } {
  const id = new Types.ObjectId();
  const secret = randomSecret();
  return { id, secret, key: `pp_${id.toHexString()}_${secret}`, preview: `pp_…${secret.slice(-4)}` };
}

export function parseApiKey(key: string): { id: Types.ObjectId; secret: string } | undefined {
  const match = keyPattern.exec(key.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return { id: new Types.ObjectId(match[1]), secret: match[2] };
}
