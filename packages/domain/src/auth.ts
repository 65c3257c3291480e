import { z } from "zod";
import { guardedString } from "./length-checks-guard.ts";
import { singleLineText } from "./text-fields.ts";

/** Zod schemas and types of accounts and authentication, shared by the API and the client. */

export const userRoleSchema = z.enum(["user", "admin"]);
export type UserRole = z.infer<typeof userRoleSchema>;

/** `read` keys may only run queries; `full` keys may also run mutations. */
export const apiKeyScopeSchema = z.enum(["read", "full"]);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/** Where a login puts the refresh token: an httpOnly cookie (browsers) or the response body (scripts). */
export const tokenDeliverySchema = z.enum(["cookie", "body"]);
export type TokenDelivery = z.infer<typeof tokenDeliverySchema>;

/** A database id as it travels over the wire. */
export const recordIdSchema = singleLineText({ max: 24 }).regex(/^[0-9a-f]{24}$/, "must be a 24-character hex id");

export const emailSchema = singleLineText({ max: 254, trim: true })
  .toLowerCase()
  .pipe(z.email("must be an email address"));

/** New passwords: 10 to 256 characters; length beats composition rules (NIST SP 800-63B). */
export const newPasswordSchema = singleLineText({ max: 256 })
  .min(10, "must be at least 10 characters")
  .max(256, "must be at most 256 characters");

/**
 * A password being checked: no policy hints, only a bound on the work a request can cause. The one text
 * input not held to the text rules: it is hashed and compared, never stored or shown, and refusing control
 * characters here would lock out an account whose password was set before new passwords were held to them.
 */
export const currentPasswordSchema = guardedString({
  error: (issue) => (issue.input === undefined ? "is required" : "must be text"),
})
  .min(1, "is required")
  .max(256, "must be at most 256 characters");

const zoneNamePattern = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

let knownZones: Map<string, string> | undefined;

/**
 * The IANA name of a time zone as people write it, or undefined when it is not one. Known names get
 * their proper case ("europe/berlin" → "Europe/Berlin"); other names the runtime accepts (links such as
 * "America/Argentina/Buenos_Aires") are kept as given rather than swapped for an older canonical id.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (!zoneNamePattern.test(name)) return undefined;
  if (name.toUpperCase() === "UTC") return "UTC";
  knownZones ??= new Map(Intl.supportedValuesOf("timeZone").map((zone) => [zone.toLowerCase(), zone]));
  const known = knownZones.get(name.toLowerCase());
  if (known) return known;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}

export const timeZoneSchema = singleLineText({ max: 64, trim: true }).transform((name, ctx) => {
  const canonical = canonicalTimeZone(name);
  if (canonical === undefined) {
    ctx.addIssue({ code: "custom", message: "must be an IANA time zone such as Europe/Berlin or UTC" });
    return z.NEVER;
  }
  return canonical;
});

export const displayNameSchema = singleLineText({ max: 100, trim: true }).min(1, "is required");

export const registerInputSchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  name: displayNameSchema.optional(),
  timezone: timeZoneSchema.default("UTC"),
  delivery: tokenDeliverySchema.default("cookie"),
});

export const loginInputSchema = z.object({
  email: emailSchema,
  password: currentPasswordSchema,
  delivery: tokenDeliverySchema.default("cookie"),
  /** The `deviceToken` of an earlier body login (scripts); browsers send theirs as a cookie instead. */
  deviceToken: z.string().min(1).max(2_000).optional(),
});

const refreshTokenSchema = singleLineText({ max: 200 }).min(1);

/**
 * Without `refreshToken` the cookie is used and the successor comes back as a cookie; a token sent in the
 * body gets its successor in the body (unless `delivery` says otherwise).
 */
export const refreshInputSchema = z
  .object({ refreshToken: refreshTokenSchema.optional(), delivery: tokenDeliverySchema.optional() })
  .optional();

export const logoutInputSchema = z.object({ refreshToken: refreshTokenSchema.optional() }).optional();

export const passwordResetRequestInputSchema = z.object({ email: emailSchema });

export const passwordResetConfirmInputSchema = z.object({
  token: singleLineText({ max: 200 }).min(1),
  newPassword: newPasswordSchema,
});

export const changePasswordInputSchema = z.object({
  currentPassword: currentPasswordSchema,
  newPassword: newPasswordSchema,
});

export const updateProfileInputSchema = z.object({
  name: displayNameSchema.optional(),
  timezone: timeZoneSchema.optional(),
  /** Where alerts go; `null` means the login email. */
  notificationEmail: emailSchema.nullable().optional(),
});

export const deleteAccountInputSchema = z.object({ password: currentPasswordSchema });

export const createApiKeyInputSchema = z.object({
  name: displayNameSchema,
  scope: apiKeyScopeSchema.default("read"),
});

export const revokeApiKeyInputSchema = z.object({ apiKeyId: recordIdSchema });

export const revokeSessionInputSchema = z.object({ sessionId: recordIdSchema });

export const adminListUsersInputSchema = z
  .object({
    /** The `nextCursor` of the previous page. */
    cursor: recordIdSchema.optional(),
    limit: z.number().int().min(1).max(100).default(50),
    /** Only users whose email starts with this. */
    emailPrefix: singleLineText({ max: 254, trim: true }).toLowerCase().min(1).optional(),
  })
  .default({ limit: 50 });

export const adminSetRoleInputSchema = z.object({ userId: recordIdSchema, role: userRoleSchema });

export const adminUserInputSchema = z.object({ userId: recordIdSchema });

export interface UserProfile {
  id: string;
  email: string;
  name: string | null;
  timezone: string;
  notificationEmail: string | null;
  role: UserRole;
  createdAt: Date;
}

export interface AuthResult {
  user: UserProfile;
  /** Send as `Authorization: Bearer <accessToken>`; keep it in memory only. */
  accessToken: string;
  accessTokenExpiresAt: Date;
  /** Present only with `delivery: "body"`; browsers get it as an httpOnly cookie instead. */
  refreshToken?: string;
  /**
   * After login or register with `delivery: "body"`: proof this client signed in to the account. Send
   * it with later logins so other people's wrong passwords cannot lock this client out.
   */
  deviceToken?: string;
  /** When the session ends unless refreshed before (sliding, capped by the absolute lifetime). */
  sessionExpiresAt: Date;
}

export interface SessionInfo {
  id: string;
  /** A short description of the browser or client, e.g. "Firefox on macOS". */
  device: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  /** The session this request's access token belongs to. */
  current: boolean;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  scope: ApiKeyScope;
  /** The first characters of the key, so people can tell keys apart; never enough to use it. */
  preview: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface CreatedApiKey {
  apiKey: ApiKeyInfo;
  /** The full key. Shown once: only its hash is stored. */
  key: string;
}

export interface AdminUserInfo {
  id: string;
  email: string;
  name: string | null;
  role: UserRole;
  disabled: boolean;
  disabledAt: Date | null;
  createdAt: Date;
}
