import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";

const buildScript = fileURLToPath(new URL("../build-ferretdb.sh", import.meta.url));
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A stand-in `go` that fills the caches it was given (read-only, as Go leaves its module cache), records
 * where they were, and writes the `-o` binary — or fails, when `fail` is set.
 */
function fakeGo(dir: string, fail: boolean): void {
  const script = `#!/usr/bin/env bash
set -e
printf '%s\\n' "$GOPATH" "$GOMODCACHE" "$GOCACHE" > "${dir}/seen"
mkdir -p "$GOMODCACHE/example.com/m@v1" "$GOCACHE/00"
echo data > "$GOMODCACHE/example.com/m@v1/go.mod"; echo data > "$GOCACHE/00/x"
chmod -R a-w "$GOMODCACHE"
${fail ? "exit 1" : 'while [ "$1" != "-o" ]; do shift; done; echo binary > "$2"'}
`;
  writeFileSync(join(dir, "go"), script);
  chmodSync(join(dir, "go"), 0o755);
}

function build(fail: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "pingpilot-fake-go-"));
  made.push(dir);
  fakeGo(dir, fail);
  const out = join(dir, "bin", "ferretdb");
  const result = spawnSync("bash", [buildScript, out], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
  const seen = readFileSync(join(dir, "seen"), "utf8").trim().split("\n");
  return { status: result.status, out, seen };
}

it("building FerretDB keeps only the binary: Go's read-only module cache and build cache are removed", () => {
  const { status, out, seen } = build(false);
  expect(status).toBe(0);
  expect(readFileSync(out, "utf8")).toBe("binary\n");
  expect(seen).toHaveLength(3);
  for (const cache of seen) {
    expect(cache).toMatch(/pingpilot-go-build\./);
    expect(existsSync(cache), cache).toBe(false);
  }
});

it("a failed build leaves no binary (not even a partial one) and no caches", () => {
  const { status, out, seen } = build(true);
  expect(status).not.toBe(0);
  expect(existsSync(out)).toBe(false);
  expect(existsSync(`${out}.partial`)).toBe(false);
  for (const cache of seen) expect(existsSync(cache), cache).toBe(false);
});
