import { type Database, isDuplicateKeyError } from "@pingpilot/db";
import { type Clock, RateLimitedError } from "@pingpilot/domain";
import { sha256Hex } from "./auth/secret-token.ts";

export interface RateLimitRule {
  /** Part of the counter key, e.g. `login:ip`. */
  name: string;
  /** Hits allowed per window; the next one is refused. */
  limit: number;
  windowSeconds: number;
}

export interface RateLimiter {
  /**
   * Counts one hit for `subject` (an IP, an email, a user id) under `rule`; throws
   * {@link RateLimitedError} with the seconds until the window ends once the limit is passed.
   */
  consume(rule: RateLimitRule, subject: string): Promise<void>;
  /** Counts one hit without refusing anything: the window's count so far, this hit included. */
  hit(rule: RateLimitRule, subject: string): Promise<WindowCount>;
  /** The window's count so far, without counting. */
  peek(rule: RateLimitRule, subject: string): Promise<WindowCount>;
}

export interface WindowCount {
  count: number;
  /** When the current window (and with it this count) ends. */
  windowEndsAt: Date;
}

/**
 * Fixed-window counters in MongoDB (`rate_limits`): one document per rule, subject and window, bumped
 * with an `$inc` upsert, so limits hold across any number of API processes. Subjects are hashed: no
 * emails or addresses sit in the collection. Expired counters are deleted by the scheduler.
 *
 * On MongoDB the `$inc` is atomic, so concurrent hits are all counted. FerretDB 1.x (development and
 * tests only) applies concurrent updates of one document as read-then-write and can lose some of a
 * burst of simultaneous hits; sequential hits are counted exactly.
 */
export function createRateLimiter(db: Database, clock: Clock): RateLimiter {
  const { RateLimit } = db.models;

  async function increment(id: string, expiresAt: Date): Promise<number> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const counter = await RateLimit.findOneAndUpdate(
          { _id: id },
          { $inc: { count: 1 }, $setOnInsert: { expiresAt } },
          { upsert: true, returnDocument: "after", lean: true },
        );
        return counter?.count ?? 1;
      } catch (error) {
        // Two first hits racing on the same new window: one insert wins, the other retries as an update.
        if (!isDuplicateKeyError(error) || attempt >= 2) throw error;
      }
    }
  }

  function windowOf(rule: RateLimitRule, subject: string) {
    const now = clock.now().getTime();
    const windowMs = rule.windowSeconds * 1000;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    return {
      id: `${rule.name}:${sha256Hex(subject).slice(0, 32)}:${windowStart}`,
      windowEndsAt: new Date(windowStart + windowMs),
    };
  }

  async function hit(rule: RateLimitRule, subject: string): Promise<WindowCount> {
    const { id, windowEndsAt } = windowOf(rule, subject);
    return { count: await increment(id, windowEndsAt), windowEndsAt };
  }

  return {
    hit,
    async peek(rule, subject) {
      const { id, windowEndsAt } = windowOf(rule, subject);
      const counter = await RateLimit.findById(id, { count: 1 }).lean();
      return { count: counter?.count ?? 0, windowEndsAt };
    },
    async consume(rule, subject) {
      const { count, windowEndsAt } = await hit(rule, subject);
      if (count > rule.limit) {
        const now = clock.now().getTime();
        throw new RateLimitedError(Math.max(1, Math.ceil((windowEndsAt.getTime() - now) / 1000)));
      }
    },
  };
}
