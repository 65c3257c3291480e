import { readFile, writeFile } from "node:fs/promises";
import { createClient, isClientError } from "@pingpilot/client";
import { parseAdminEnv } from "./admin-env.ts";
import { type ImportStep, importMonitors } from "./import-monitors.ts";
import { exportMonitors, monitorExportSchema } from "./monitor-export.ts";
import { statusReport } from "./status-table.ts";

export const usage = `Usage: pingpilot-admin <command> [options]

Commands:
  export [--out <file>]            all monitors as JSON (stdout by default)
  import <file|-> [--dry-run]      create or update monitors from an export; safe to repeat
  status                           a table of every monitor with its state and 24 h uptime

Environment:
  PINGPILOT_URL      the API, e.g. https://api.pingpilot.example
  PINGPILOT_API_KEY  an API key (scope "read" for export and status, "full" for import)
`;

export interface AdminIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readText: (path: string) => Promise<string>;
  writeText: (path: string, text: string) => Promise<void>;
  readStdin: () => Promise<string>;
  now: () => Date;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

export function processIo(): AdminIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readText: (path) => readFile(path, "utf8"),
    writeText: (path, text) => writeFile(path, text),
    readStdin: () => readAll(process.stdin),
    now: () => new Date(),
  };
}

function optionValue(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function describeSteps(steps: readonly ImportStep[]): string {
  const lines = steps.map(
    (step) => `${step.action.padEnd(9)} ${step.type.padEnd(9)} ${step.name}${step.error ? `: ${step.error}` : ""}`,
  );
  const count = (action: ImportStep["action"]) => steps.filter((step) => step.action === action).length;
  const summary = `${count("created")} created, ${count("updated")} updated, ${count("unchanged")} unchanged, ${count("failed")} failed`;
  return `${[...lines, summary].join("\n")}\n`;
}

/**
 * The admin script: validates its environment, signs in with the API key through @pingpilot/client
 * and runs one command. Returns the exit code: 0 done, 1 the API refused something, 2 bad usage.
 */
export async function runAdmin(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: AdminIo,
): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === "help" || command === "--help") {
    io.stdout(usage);
    return command ? 0 : 2;
  }
  const parsed = parseAdminEnv(env);
  if (Array.isArray(parsed)) {
    io.stderr(`Invalid environment:\n${parsed.map((line) => `  ${line}`).join("\n")}\n`);
    return 2;
  }
  const client = createClient({ url: parsed.PINGPILOT_URL, apiKey: parsed.PINGPILOT_API_KEY });
  try {
    switch (command) {
      case "export": {
        const text = `${JSON.stringify(await exportMonitors(client, io.now()), null, 2)}\n`;
        const out = optionValue(args, "--out");
        if (out) await io.writeText(out, text);
        else io.stdout(text);
        return 0;
      }
      case "import": {
        const source = args.find((arg) => !arg.startsWith("--"));
        if (!source) {
          io.stderr(`import needs a file (or - for stdin)\n\n${usage}`);
          return 2;
        }
        const text = source === "-" ? await io.readStdin() : await io.readText(source);
        const file = monitorExportSchema.safeParse(JSON.parse(text));
        if (!file.success) {
          const problems = file.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
          io.stderr(`Not a Ping Pilot monitor export:\n${problems.join("\n")}\n`);
          return 2;
        }
        const steps = await importMonitors(client, file.data, { dryRun: args.includes("--dry-run") });
        io.stdout(describeSteps(steps));
        return steps.some((step) => step.action === "failed") ? 1 : 0;
      }
      case "status":
        io.stdout(`${await statusReport(client)}\n`);
        return 0;
      default:
        io.stderr(`Unknown command "${command}"\n\n${usage}`);
        return 2;
    }
  } catch (error) {
    if (isClientError(error)) {
      io.stderr(`The API refused: ${error.message} (${error.data?.code ?? "error"})\n`);
      return 1;
    }
    if (error instanceof SyntaxError) {
      io.stderr(`The file is not JSON: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
