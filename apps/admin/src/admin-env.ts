import { z } from "zod";

/** The script's environment: where the API is and the API key it signs in with. */
export const adminEnvSchema = z.object({
  PINGPILOT_URL: z.url({
    protocol: /^https?$/,
    error: "must be the API's http(s) URL, e.g. https://api.pingpilot.example",
  }),
  PINGPILOT_API_KEY: z
    .string({ error: "is required: create one with apiKey.create (scope full to import, read is enough otherwise)" })
    .regex(/^pp_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/, "does not look like a Ping Pilot API key (pp_…)"),
});
export type AdminEnv = z.infer<typeof adminEnvSchema>;

/** Every problem with the environment, one per line, or the parsed values. */
export function parseAdminEnv(env: Record<string, string | undefined>): AdminEnv | string[] {
  const result = adminEnvSchema.safeParse(env);
  if (result.success) return result.data;
  return result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}
