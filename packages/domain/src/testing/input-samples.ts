/**
 * One valid input (or several, one per variant) for every input schema domain exports, keyed by the
 * schema's export name. The hostile-input suite fails while a discovered input schema has no sample here,
 * so a new schema is covered from the day it is added.
 */
const id = "65f0a1b2c3d4e5f601234567";

export const inputSamples: Record<string, unknown[]> = {
  registerInputSchema: [{ email: "ada@example.com", password: "correct horse battery", name: "Ada", timezone: "UTC" }],
  loginInputSchema: [{ email: "ada@example.com", password: "correct horse battery" }],
  refreshInputSchema: [{ refreshToken: "token-value", delivery: "body" }],
  logoutInputSchema: [{ refreshToken: "token-value" }],
  passwordResetRequestInputSchema: [{ email: "ada@example.com" }],
  passwordResetConfirmInputSchema: [{ token: "reset-token", newPassword: "a new long password" }],
  changePasswordInputSchema: [{ currentPassword: "old password", newPassword: "a new long password" }],
  updateProfileInputSchema: [{ name: "Ada", timezone: "Europe/Berlin", notificationEmail: "ops@example.com" }],
  deleteAccountInputSchema: [{ password: "old password" }],
  createApiKeyInputSchema: [{ name: "CI", scope: "full" }],
  revokeApiKeyInputSchema: [{ apiKeyId: id }],
  revokeSessionInputSchema: [{ sessionId: id }],
  adminListUsersInputSchema: [{ cursor: id, limit: 10, emailPrefix: "ada" }],
  adminSetRoleInputSchema: [{ userId: id, role: "admin" }],
  adminUserInputSchema: [{ userId: id }],
  createMonitorInputSchema: [
    {
      type: "http",
      name: "Home page",
      url: "https://example.com/health",
      method: "POST",
      headers: { "x-api-key": "secret" },
      body: '{\n\t"ping": true\r\n}',
      keyword: { value: "ok" },
      jsonAssertions: [{ path: "data.status", op: "eq", value: "up" }],
      acceptedStatusCodes: ["200-299"],
      tags: ["prod"],
      channelIds: [id],
    },
    { type: "tcp", name: "Database", host: "db.example.com", port: 5432 },
    { type: "dns", name: "DNS", hostname: "example.com", recordType: "TXT", expected: "v=spf1", resolver: "9.9.9.9" },
    { type: "heartbeat", name: "Backup", schedule: { kind: "cron", expression: "0 3 * * *", timezone: "UTC" } },
  ],
  updateMonitorInputSchema: [
    { type: "http", name: "Renamed", headers: { "x-a": "b" }, tags: ["a"] },
    { type: "heartbeat", schedule: { kind: "period", periodSeconds: 3_600 } },
  ],
  updateMonitorRequestSchema: [{ id, type: "http", url: "https://example.com/", headers: { "x-a": "b" } }],
  monitorIdInputSchema: [{ id }],
  listMonitorsInputSchema: [{ cursor: "opaque", limit: 10, tag: "prod", search: "home", sort: "name" }],
  monitorResultsInputSchema: [{ id, from: new Date(0), to: new Date(1_000), status: "up", cursor: "opaque" }],
  monitorIncidentsInputSchema: [{ id, status: "open", cursor: "opaque", limit: 5 }],
  monitorDailySummariesInputSchema: [{ id, days: 7 }],
  createChannelInputSchema: [
    { type: "email", name: "Ops mail", to: "ops@example.com", reminderIntervalMinutes: 60 },
    { type: "webhook", name: "Hook", url: "https://hooks.example.com/x" },
  ],
  updateChannelInputSchema: [{ id, name: "Renamed", url: "https://hooks.example.com/y" }],
  channelIdInputSchema: [{ id }],
  channelDeliveriesInputSchema: [{ id, status: "sent", cursor: "opaque", limit: 5 }],
  reportIdInputSchema: [{ id: `${id}:weekly:2026-11-16` }],
  listReportsInputSchema: [{ kind: "weekly", cursor: "opaque", limit: 5 }],
};

/**
 * Input fields that are deliberately not held to the text rules: passwords being checked (see
 * currentPasswordSchema). Paths as dot-joined keys.
 */
export const textRuleExemptions: Record<string, readonly string[]> = {
  loginInputSchema: ["password"],
  changePasswordInputSchema: ["currentPassword"],
  deleteAccountInputSchema: ["password"],
};

/** Fields that are multi-line text (tabs and line breaks allowed), by their last key. */
export const multiLineFields: readonly string[] = ["body"];
