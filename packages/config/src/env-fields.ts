import { z } from "zod";

/** A whole number above zero, from its text in the environment. */
export const positiveInt = z.coerce.number().int().positive();

/** A TCP port; 0 means any free port. */
export const port = z.coerce.number().int().min(0).max(65_535);

/** Booleans as people write them in env files. */
export const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

/** A comma-separated list in one variable, e.g. `CORS_ORIGINS=https://a.example,https://b.example`. */
export const commaList = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

export const nodeEnvSchema = z.enum(["development", "test", "production"]);
export type NodeEnv = z.infer<typeof nodeEnvSchema>;

/**
 * The parsed values of one area's variables, typed from that area's own shape: an area's
 * `…ConfigFrom` needs only its shape (and names any shared variable it reads), never the whole
 * environment schema, which is built from the areas.
 */
export type EnvOf<Shape extends z.ZodRawShape> = z.output<z.ZodObject<Shape>>;
