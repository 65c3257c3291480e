/** An index key as `schema.indexes()` declares it: field → 1 / -1. */
export type IndexKey = Record<string, number>;

export interface QueryShape {
  filter: Record<string, unknown>;
  sort?: Record<string, 1 | -1>;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || value instanceof Date || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith("$"));
}

/**
 * Fields an index can seek on: equality (a value, `null`, `$eq`, `$in`) and range operators. `$regex`,
 * `$exists`, `$not` and `$nin` are left out on purpose: they are filtered after the seek, not used for it.
 */
function seekableFields(filter: Record<string, unknown>): Set<string> {
  const fields = new Set<string>();
  for (const [field, value] of Object.entries(filter)) {
    if (field.startsWith("$")) continue;
    if (!isOperatorObject(value)) {
      fields.add(field);
      continue;
    }
    const operators = Object.keys(value);
    if (operators.some((op) => ["$eq", "$in", "$gt", "$gte", "$lt", "$lte", "$ne"].includes(op))) fields.add(field);
  }
  return fields;
}

/** The index can be walked in the sort's order (forwards or backwards) from its first key. */
function indexGivesSort(key: IndexKey, sort: Record<string, 1 | -1>): boolean {
  const keyFields = Object.entries(key);
  const sortFields = Object.entries(sort);
  if (sortFields.length === 0 || keyFields.length < sortFields.length) return false;
  const sameDirection = sortFields.every(([field, dir], i) => keyFields[i]?.[0] === field && keyFields[i]?.[1] === dir);
  const reversed = sortFields.every(([field, dir], i) => keyFields[i]?.[0] === field && keyFields[i]?.[1] === -dir);
  return sameDirection || reversed;
}

/**
 * Whether `key` lets the server answer `query` without reading the whole collection: its first field is
 * one the filter seeks on, or (no usable filter) the index gives the sort order. A top-level `$or` is
 * served when the rest of the filter is, or when every branch (with the rest) is.
 */
export function indexServes(key: IndexKey, query: QueryShape): boolean {
  const { $or, ...rest } = query.filter;
  const first = Object.keys(key)[0];
  if (first === undefined) return false;
  if (seekableFields(rest).has(first)) return true;
  if (Array.isArray($or) && $or.length > 0) {
    return $or.every((branch: Record<string, unknown>) => indexServes(key, { filter: { ...rest, ...branch } }));
  }
  return query.sort !== undefined && indexGivesSort(key, query.sort);
}

/** The first declared index (the `_id` index included) that serves `query`, or undefined. */
export function servingIndex(indexes: IndexKey[], query: QueryShape): IndexKey | undefined {
  const all = [{ _id: 1 }, ...indexes];
  const direct = all.find((key) => indexServes(key, query));
  if (direct) return direct;
  // An $or whose branches are served by different indexes (MongoDB's OR plan): each branch needs one.
  const { $or, ...rest } = query.filter;
  if (!Array.isArray($or) || $or.length === 0) return undefined;
  const perBranch = $or.map((branch: Record<string, unknown>) =>
    all.find((key) => indexServes(key, { filter: { ...rest, ...branch } })),
  );
  return perBranch.every((key) => key !== undefined) ? perBranch[0] : undefined;
}

/** Every stage name in an explain plan tree (`inputStage`, `inputStages`, `queryPlan`, …). */
export function planStages(plan: unknown): string[] {
  if (plan === null || typeof plan !== "object") return [];
  const node = plan as Record<string, unknown>;
  const own = typeof node.stage === "string" ? [node.stage] : [];
  const children = Object.entries(node)
    .filter(([name]) => name !== "rejectedPlans")
    .flatMap(([, value]) => (Array.isArray(value) ? value.flatMap(planStages) : planStages(value)));
  return [...own, ...children];
}
