import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { SecretKind } from "./test-capture.ts";

export interface SecretLeak {
  file: string;
  line: number;
  kind: SecretKind;
}

async function filesIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.map((name) => join(dir, name));
}

/**
 * Every captured log line (capture/logs/*) that holds a recorded secret (capture/secrets/*): the file,
 * the line number and the kind of secret, never the secret itself.
 */
export async function scanCapturedSecrets(captureDir: string): Promise<SecretLeak[]> {
  const secrets = new Map<string, SecretKind>();
  for (const file of await filesIn(join(captureDir, "secrets"))) {
    for (const line of (await readFile(file, "utf8")).split("\n")) {
      if (!line) continue;
      const { kind, value } = JSON.parse(line) as { kind: SecretKind; value: string };
      secrets.set(value, kind);
    }
  }
  const leaks: SecretLeak[] = [];
  for (const file of await filesIn(join(captureDir, "logs"))) {
    const text = await readFile(file, "utf8");
    // One substring search per secret over the whole file; lines are split only where one is found.
    for (const [value, kind] of secrets) {
      if (!text.includes(value)) continue;
      text.split("\n").forEach((line, index) => {
        if (line.includes(value)) leaks.push({ file, line: index + 1, kind });
      });
    }
  }
  return leaks;
}
