import type { Types } from "@pingpilot/db";
import {
  type ApiKeyInfo,
  type ApiKeyScope,
  ConflictError,
  type CreatedApiKey,
  createApiKeyInputSchema,
  NotFoundError,
  revokeApiKeyInputSchema,
} from "@pingpilot/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { generateApiKey } from "../auth/api-key-format.ts";
import { sha256Hex } from "../auth/secret-token.ts";
import { protectedProcedure } from "../trpc.ts";

/** Enough for every script and CI job of one person; a bound on what one account can pile up. */
const maxActiveKeys = 50;

function toApiKeyInfo(key: {
  _id: Types.ObjectId;
  name: string;
  scope: string;
  preview: string;
  createdAt: Date;
  lastUsedAt?: Date | null;
}): ApiKeyInfo {
  return {
    id: key._id.toHexString(),
    name: key.name,
    scope: key.scope as ApiKeyScope,
    preview: key.preview,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt ?? null,
  };
}

export const apiKeyRouter = {
  /** Creates a key for scripts and CI. The full key is in this answer only: it is stored hashed. */
  create: protectedProcedure.input(createApiKeyInputSchema).mutation(async ({ ctx, input }): Promise<CreatedApiKey> => {
    const { ApiKey } = ctx.db.models;
    if ((await ApiKey.countDocuments({ userId: ctx.auth.userId, revokedAt: null })) >= maxActiveKeys) {
      throw new ConflictError(`You already have ${maxActiveKeys} API keys; revoke one first`);
    }
    const generated = generateApiKey();
    const created = await ApiKey.create({
      _id: generated.id,
      userId: ctx.auth.userId,
      name: input.name,
      scope: input.scope,
      secretHash: sha256Hex(generated.secret),
      preview: generated.preview,
      createdAt: ctx.clock.now(),
    });
    return { apiKey: toApiKeyInfo(created), key: generated.key };
  }),

  /** The caller's active keys, newest first, without their secrets. */
  list: protectedProcedure.query(async ({ ctx }): Promise<ApiKeyInfo[]> => {
    const keys = await ctx.db.models.ApiKey.find({ userId: ctx.auth.userId, revokedAt: null })
      .sort({ createdAt: -1 })
      .lean();
    return keys.map(toApiKeyInfo);
  }),

  /** Revokes one of the caller's keys at once. Someone else's key is "not found". */
  revoke: protectedProcedure.input(revokeApiKeyInputSchema).mutation(async ({ ctx, input }) => {
    const result = await ctx.db.models.ApiKey.updateOne(
      { _id: input.apiKeyId, userId: ctx.auth.userId, revokedAt: null },
      { $set: { revokedAt: ctx.clock.now() } },
    );
    if (result.matchedCount === 0) throw new NotFoundError("API key");
    return { ok: true as const };
  }),
} satisfies TRPCRouterRecord;
