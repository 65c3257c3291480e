/**
 * Production build of one app (run from the app's folder: `node ../../scripts/build-app.ts`).
 *
 * Bundles `src/main.ts` and every workspace package it imports (`@pingpilot/*`, TypeScript source)
 * into `dist/main.js`: ESM for Node 24, with a source map (start it with `--enable-source-maps`).
 * Third-party packages stay external and are loaded from `node_modules` at run time; each one the
 * bundle imports must be in the app's own `dependencies`, so that the app's node_modules (and
 * `pnpm deploy --prod`) has it. The build fails, naming them, when one is missing.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";

const appDir = process.cwd();
const outfile = join(appDir, "dist", "main.js");
const manifest = JSON.parse(await readFile(join(appDir, "package.json"), "utf8")) as {
  name: string;
  dependencies?: Record<string, string>;
};
const builtins = new Set(builtinModules);

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** Workspace packages are bundled; everything else that is imported by bare name stays external. */
const externalThirdParty: Plugin = {
  name: "external-third-party",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@pingpilot/")) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const result = await build({
  absWorkingDir: appDir,
  entryPoints: ["src/main.ts"],
  outfile,
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  sourcemap: true,
  sourcesContent: false,
  // Class and function names survive, so error names and logs read the same as in development.
  keepNames: true,
  metafile: true,
  write: false,
  logLevel: "warning",
  plugins: [externalThirdParty],
});

const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
const externals = new Map<string, Set<string>>();
for (const entry of imports) {
  if (!entry.external || entry.path.startsWith("node:") || builtins.has(entry.path)) continue;
  const name = packageNameOf(entry.path);
  const kinds = externals.get(name) ?? new Set<string>();
  kinds.add(entry.kind);
  externals.set(name, kinds);
}

const declared = new Set(Object.keys(manifest.dependencies ?? {}));
// A package only ever loaded by `await import()` (the embedded development database) is optional.
const missing = [...externals]
  .filter(([name, kinds]) => !declared.has(name) && !(kinds.size === 1 && kinds.has("dynamic-import")))
  .map(([name]) => name)
  .sort();
if (missing.length > 0) {
  process.stderr.write(
    `${manifest.name}: the bundle imports ${missing.join(", ")} at run time, but package.json does not list ` +
      `${missing.length === 1 ? "it" : "them"} in "dependencies". Add them (with "catalog:") so that production ` +
      "installs have them.\n",
  );
  process.exit(1);
}
// Each file is replaced atomically (write aside, rename), so a process starting from dist/ while a
// build runs (a PM2 reload, a test) never sees half a file.
await mkdir(join(appDir, "dist"), { recursive: true });
for (const file of result.outputFiles) {
  const aside = `${file.path}.${process.pid}.tmp`;
  await writeFile(aside, file.contents);
  await rename(aside, file.path);
}
process.stdout.write(
  `${manifest.name}: dist/main.js built (${externals.size} external packages: ${[...externals.keys()].sort().join(", ")})\n`,
);
