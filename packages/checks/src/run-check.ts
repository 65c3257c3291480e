import type { CheckConfig, CheckResult } from "@pingpilot/domain";
import type { CheckOptions } from "./check-options.ts";
import { dnsCheck } from "./dns-check.ts";
import { httpCheck } from "./http-check.ts";
import { tcpCheck } from "./tcp-check.ts";

/**
 * The check engine's one entry point: runs the check an active monitor (http, tcp, dns) describes.
 * Never throws and never outlives the monitor's timeout; cancel early with `options.signal`.
 * Heartbeat monitors are passive (pinged, never checked) and have no check.
 */
export function runCheck(config: CheckConfig, options: CheckOptions): Promise<CheckResult> {
  switch (config.type) {
    case "http":
      return httpCheck(config, options);
    case "tcp":
      return tcpCheck(config, options);
    case "dns":
      return dnsCheck(config, options);
  }
}
