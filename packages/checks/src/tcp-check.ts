import { connect } from "node:net";
import { type CheckResult, systemClock, type TcpCheckConfig } from "@pingpilot/domain";
import { resolveVettedAddresses } from "./address-guard.ts";
import type { CheckOptions } from "./check-options.ts";
import { startDeadline } from "./deadline.ts";
import { describeCheckError } from "./describe-check-error.ts";

/** Opens one TCP connection and closes it at once; the socket is destroyed if the signal aborts first. */
function connectOnce(address: string, port: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => {
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve();
    });
    socket.once("error", (error) => {
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      reject(error);
    });
  });
}

/** A TCP check: resolve and vet the host, connect to the vetted address within the timeout. */
export async function tcpCheck(config: TcpCheckConfig, options: CheckOptions): Promise<CheckResult> {
  const checkedAt = (options.clock ?? systemClock).now();
  const deadline = startDeadline(config.timeoutMs, options.signal);
  const started = performance.now();
  try {
    const [target] = await deadline.race(resolveVettedAddresses(config.host, options.addressPolicy, deadline.signal));
    if (!target) throw new Error(`no address for ${config.host}`);
    await deadline.race(connectOnce(target.address, config.port, deadline.signal));
    const responseTimeMs = Math.round(performance.now() - started);
    return {
      status: "up",
      reason: `connected to port ${config.port}`,
      errorCode: null,
      responseTimeMs,
      httpStatus: null,
      certificate: null,
      checkedAt,
    };
  } catch (error) {
    const failure = describeCheckError(error, config.timeoutMs);
    return { status: "down", ...failure, responseTimeMs: null, httpStatus: null, certificate: null, checkedAt };
  } finally {
    deadline.dispose();
  }
}
