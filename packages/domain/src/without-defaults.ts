import { z } from "zod";

type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;

export type WithoutDefaults<Shape extends z.ZodRawShape> = { [Key in keyof Shape]: WithoutDefault<Shape[Key]> };

/**
 * The same object shape with every top-level `.default()` removed. Update schemas are built from it:
 * a partial update must leave omitted fields alone, not reset them to their defaults.
 */
export function withoutDefaults<Shape extends z.ZodRawShape>(shape: Shape): WithoutDefaults<Shape> {
  const entries = Object.entries(shape).map(([key, field]) => [
    key,
    field instanceof z.ZodDefault ? field.unwrap() : field,
  ]);
  return Object.fromEntries(entries) as WithoutDefaults<Shape>;
}
