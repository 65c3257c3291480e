import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { createLogger } from "./create-logger.ts";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, destination };
}

it("never writes passwords, tokens or authorization headers to the log", () => {
  const { lines, destination } = capture();
  const logger = createLogger({ level: "info", pretty: false, destination });
  logger.info(
    {
      password: "hunter2hunter2",
      input: { refreshToken: "rt-secret", apiKey: "pp_key" },
      req: { headers: { authorization: "Bearer abc.def.ghi", cookie: "pp_refresh=zzz", host: "api" } },
    },
    "login attempt",
  );
  const line = lines.join("");
  for (const secret of ["hunter2hunter2", "rt-secret", "pp_key", "abc.def.ghi", "zzz"]) {
    expect(line).not.toContain(secret);
  }
  const entry = JSON.parse(line) as { msg: string; req: { headers: { host: string } } };
  expect(entry.msg).toBe("login attempt");
  expect(entry.req.headers.host).toBe("api");
});
