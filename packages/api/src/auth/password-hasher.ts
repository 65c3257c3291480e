import { type Algorithm, hash, parseOptions, verify } from "@node-rs/argon2";
import type { AuthConfig } from "@pingpilot/config";
import { randomSecret } from "./secret-token.ts";

// `Algorithm` is a const enum in the package's typings, which isolated modules cannot read: 2 is Argon2id.
const argon2id = 2 as Algorithm;

export interface PasswordCheck {
  valid: boolean;
  /** The stored hash uses other parameters than the configured ones: store a fresh hash. */
  needsRehash: boolean;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(storedHash: string, password: string): Promise<PasswordCheck>;
  /**
   * Spends the same work as {@link verify} against a throwaway hash, so "no such user" takes as long as
   * "wrong password" and response times do not reveal which emails have accounts.
   */
  verifyAgainstDummy(password: string): Promise<void>;
}

/** argon2id with the configured parameters (OWASP minimums enforced by the config schema). */
export function createPasswordHasher(params: AuthConfig["argon2"]): PasswordHasher {
  const options = {
    algorithm: argon2id,
    memoryCost: params.memoryCost,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  };
  let dummyHash: Promise<string> | undefined;

  function needsRehash(storedHash: string): boolean {
    try {
      const used = parseOptions(storedHash);
      return (
        used.algorithm !== argon2id ||
        used.memoryCost !== params.memoryCost ||
        used.timeCost !== params.timeCost ||
        used.parallelism !== params.parallelism
      );
    } catch {
      return true;
    }
  }

  return {
    hash: (password) => hash(password, options),
    async verify(storedHash, password) {
      let valid = false;
      try {
        valid = await verify(storedHash, password);
      } catch {
        valid = false;
      }
      return { valid, needsRehash: valid && needsRehash(storedHash) };
    },
    async verifyAgainstDummy(password) {
      dummyHash ??= hash(randomSecret(), options);
      await verify(await dummyHash, password).catch(() => false);
    },
  };
}
