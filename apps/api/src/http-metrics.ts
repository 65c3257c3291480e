import type { Metrics } from "@pingpilot/metrics";
import type { NextFunction, Request, Response } from "express";

/**
 * The `route` label of a request: the route pattern it matched (`/readyz`, `/push/:token`), the
 * mount point it was handled under (`/trpc`), or `(unmatched)`. Never the raw URL: ids and tokens
 * in paths would create a new series per value.
 */
export function routeLabel(req: Request, res: Response): string {
  const pattern: unknown = req.route?.path;
  if (typeof pattern === "string") return `${req.baseUrl}${pattern}`;
  if (req.baseUrl) return req.baseUrl;
  const mount: unknown = res.locals.metricsMount;
  return typeof mount === "string" ? mount : "(unmatched)";
}

/**
 * First handler of a mount (`app.use("/trpc", markMount, …)`): Express forgets the mount point when
 * a handler there passes an error on (a 413 from the body parser), so the label would be lost.
 */
export function markMount(req: Request, res: Response, next: NextFunction): void {
  res.locals.metricsMount = req.baseUrl;
  next();
}

/** Records every response's duration by method, route and status once the response is done. */
export function recordHttpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const stop = metrics.httpRequestDuration.startTimer();
    res.once("close", () => {
      stop({ method: req.method, route: routeLabel(req, res), status: res.statusCode });
    });
    next();
  };
}
