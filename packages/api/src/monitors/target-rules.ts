import {
  AddressNotAllowedError,
  type AddressPolicy,
  HostResolutionError,
  resolveVettedAddresses,
} from "@pingpilot/checks";
import { InvalidInputError, type MonitorConfig, monitorTargetHost } from "@pingpilot/domain";

/** How long saving a monitor waits for DNS before it gives the name the benefit of the doubt. */
const lookupTimeoutMs = 3_000;

/** The input field a target's address comes from, for the field error. */
function targetField(config: MonitorConfig): string {
  switch (config.type) {
    case "http":
      return "url";
    case "tcp":
      return "host";
    case "dns":
      return "resolver";
    case "heartbeat":
      return "type";
  }
}

/**
 * The SSRF rule on save: a monitor may not send traffic to loopback, private, link-local, multicast,
 * reserved or cloud-metadata addresses (IPv4-mapped and other IPv4-in-IPv6 forms included) unless the
 * allow-list says so. Host names are resolved and every address is vetted; one bad address refuses the
 * name. A name that does not resolve (yet) is accepted: the check engine resolves and vets again
 * before every check and connects only to vetted addresses, so nothing is reached through it later.
 */
export async function assertTargetAllowed(config: MonitorConfig, policy: AddressPolicy): Promise<void> {
  const host = monitorTargetHost(config);
  if (host === null) return;
  try {
    await resolveVettedAddresses(host, policy, AbortSignal.timeout(lookupTimeoutMs));
  } catch (error) {
    if (error instanceof AddressNotAllowedError) throw new InvalidInputError(error.message, targetField(config));
    if (error instanceof HostResolutionError) return;
    if (error instanceof DOMException && error.name === "TimeoutError") return;
    throw error;
  }
}

/** Whether an update moves the monitor to another host (then the address rules run again). */
export function targetChanged(before: MonitorConfig, after: MonitorConfig): boolean {
  return monitorTargetHost(before) !== monitorTargetHost(after);
}
