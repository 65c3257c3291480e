import { describe, expect, it } from "vitest";
import { canonicalTimeZone, emailSchema, newPasswordSchema, timeZoneSchema } from "./auth.ts";

describe("account input rules", () => {
  it("accepts IANA time zones, fixes their case, and refuses made-up zones and raw offsets", () => {
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("utc")).toBe("UTC");
    expect(canonicalTimeZone("America/Argentina/Buenos_Aires")).toBe("America/Argentina/Buenos_Aires");
    expect(canonicalTimeZone("Etc/GMT+5")).toBe("Etc/GMT+5");
    expect(canonicalTimeZone("Mars/Olympus_Mons")).toBeUndefined();
    expect(canonicalTimeZone("+01:00")).toBeUndefined();
    expect(timeZoneSchema.safeParse("Nowhere").success).toBe(false);
  });

  it("normalises emails to trimmed lower case", () => {
    expect(emailSchema.parse("  Ada@Example.COM ")).toBe("ada@example.com");
    expect(emailSchema.safeParse("not-an-email").success).toBe(false);
  });

  it("wants new passwords of 10 to 256 characters", () => {
    expect(newPasswordSchema.safeParse("123456789").success).toBe(false);
    expect(newPasswordSchema.safeParse("1234567890").success).toBe(true);
    expect(newPasswordSchema.safeParse("x".repeat(257)).success).toBe(false);
  });
});
