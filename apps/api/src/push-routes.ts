import { cleanPushMessage, type HandlePushPing, type PushSignal, retryAfterSecondsOf } from "@pingpilot/api";
import express, { type Request, type Response, type Router } from "express";

/** Bodies are only read for a short message; anything larger is refused with 413. */
const pushBodyLimit = "10kb";

function send(res: Response, status: number, text: string): void {
  res.status(status).set("cache-control", "no-store").type("text/plain").send(`${text}\n`);
}

function messageOf(req: Request): string | undefined {
  const fromQuery = req.query.msg;
  if (typeof fromQuery === "string") return cleanPushMessage(fromQuery);
  return typeof req.body === "string" ? cleanPushMessage(req.body) : undefined;
}

/** An exit code as a shell reports it (0–255); anything else is not a push URL. */
function exitCodeOf(text: unknown): number | undefined {
  if (typeof text !== "string" || !/^\d{1,3}$/.test(text)) return undefined;
  const code = Number(text);
  return code <= 255 ? code : undefined;
}

/**
 * The heartbeat push endpoint, for cron jobs and scripts (no login: the token in the URL is the secret):
 *   GET|POST /push/:token            the job ran fine
 *   GET|POST /push/:token/start      a run started (its duration is measured at the next ping)
 *   GET|POST /push/:token/fail       the job failed: down, incident at once
 *   GET|POST /push/:token/:exitCode  0 = success, 1–255 = failure
 * with an optional short message as `?msg=` or a plain-text body. Answers "OK"; an unknown token gets
 * 404 "Not found" and nothing else; too many pings get 429 with Retry-After.
 */
export function pushRoutes(handlePing: HandlePushPing): Router {
  const router = express.Router();
  router.use(express.text({ type: () => true, limit: pushBodyLimit }));

  const handle = (signalOf: (req: Request) => PushSignal | undefined) => async (req: Request, res: Response) => {
    const signal = signalOf(req);
    const token = req.params.token;
    if (!signal || typeof token !== "string") {
      send(res, 404, "Not found");
      return;
    }
    try {
      const outcome = await handlePing({ token, signal, message: messageOf(req), ip: req.ip ?? "unknown" });
      if (outcome === "not_found") send(res, 404, "Not found");
      else send(res, 200, outcome === "paused" ? "OK (monitor paused: ping ignored)" : "OK");
    } catch (error) {
      const retryAfter = retryAfterSecondsOf(error);
      if (retryAfter === undefined) throw error;
      res.set("retry-after", String(retryAfter));
      send(res, 429, "Too many requests");
    }
  };

  const routes: Array<[string, (req: Request) => PushSignal | undefined]> = [
    ["/:token", () => ({ kind: "success" })],
    ["/:token/start", () => ({ kind: "start" })],
    ["/:token/fail", () => ({ kind: "fail" })],
    [
      "/:token/:exitCode",
      (req) => {
        const code = exitCodeOf(req.params.exitCode);
        return code === undefined ? undefined : { kind: "exit", code };
      },
    ],
  ];
  for (const [path, signalOf] of routes) router.route(path).get(handle(signalOf)).post(handle(signalOf));
  return router;
}
