import { ipVersion } from "@pingpilot/domain";
import type { AddressPolicy, ResolvedAddress } from "./address-policy.ts";
import { AddressNotAllowedError, HostResolutionError } from "./check-errors.ts";
import { classifyAddress } from "./classify-address.ts";
import { specialUseName } from "./special-use-names.ts";

/** Names that reach a cloud provider's metadata service whatever they resolve to. */
const METADATA_HOSTS = new Set(["metadata.google.internal", "metadata.goog", "metadata", "instance-data.ec2.internal"]);

function bare(host: string): string {
  return host
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.+$/, "")
    .toLowerCase();
}

/**
 * Throws AddressNotAllowedError unless the address may be monitored: public, or allowed by the
 * policy's allow-list. `host` is only for the message (the name that resolved to it).
 */
export function vetAddress(
  address: string,
  policy: AddressPolicy,
  host: string = address,
  hostAllowListed = false,
): void {
  const refusal = classifyAddress(address);
  if (refusal === null) return;
  const match = policy.allowListMatch(address);
  if (refusal === "cloud_metadata") {
    if (match === "exact") return;
  } else if (match !== "none" || hostAllowListed) {
    return;
  }
  throw new AddressNotAllowedError(refusal, host, address);
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

const LOOPBACK_ANSWERS: readonly ResolvedAddress[] = [
  { address: "127.0.0.1", family: 4 },
  { address: "::1", family: 6 },
];

/**
 * `localhost` and `*.localhost` are loopback by definition (RFC 6761), whatever a resolver would say:
 * they are never looked up. Allowed only where the allow-list lists the name or a loopback address, and
 * then the check connects to that loopback address.
 */
function loopbackNameAnswers(name: string, policy: AddressPolicy, hostAllowListed: boolean): ResolvedAddress[] {
  const allowed = hostAllowListed
    ? LOOPBACK_ANSWERS.slice(0, 1)
    : LOOPBACK_ANSWERS.filter((answer) => policy.allowListMatch(answer.address) !== "none");
  if (allowed.length === 0) throw new AddressNotAllowedError("loopback", name, null);
  return allowed;
}

/**
 * Resolves a host (name or IP literal) and vets every address it resolves to: one refused address
 * refuses the host, so a name cannot smuggle a private address in beside a public one. Callers then
 * connect to one of the returned addresses and nothing else, so a second, different DNS answer
 * (rebinding) never matters. Abandons the lookup when the signal aborts.
 *
 * Special-use names (see special-use-names.ts) never reach the public internet: unless the allow-list
 * lists the name, one is refused without resolving it, or — when the allow-list has address entries —
 * allowed only if it resolves and every address it resolves to is allow-listed.
 */
export async function resolveVettedAddresses(
  host: string,
  policy: AddressPolicy,
  signal?: AbortSignal,
): Promise<ResolvedAddress[]> {
  const name = bare(host);
  const version = ipVersion(name);
  if (version !== 0) {
    vetAddress(name, policy);
    return [{ address: name, family: version }];
  }
  const hostAllowListed = policy.isHostAllowListed(name);
  if (METADATA_HOSTS.has(name)) throw new AddressNotAllowedError("cloud_metadata", name, null);
  const special = specialUseName(name);
  if (special?.kind === "loopback") return loopbackNameAnswers(name, policy, hostAllowListed);
  const specialRefusal =
    special && !hostAllowListed ? new AddressNotAllowedError("special_use", name, null, special.suffix) : null;
  if (specialRefusal && !policy.hasAddressEntries) throw specialRefusal;
  let answers: ResolvedAddress[];
  try {
    answers = await abortable(policy.lookup(name), signal);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // Without an answer there is no address the allow-list could allow it by.
    if (specialRefusal) throw specialRefusal;
    const code = (error as { code?: unknown }).code;
    throw new HostResolutionError(name, typeof code === "string" ? code : "ENOTFOUND", { cause: error });
  }
  if (answers.length === 0) throw specialRefusal ?? new HostResolutionError(name, "ENOTFOUND");
  for (const answer of answers) vetAddress(answer.address, policy, name, hostAllowListed);
  if (specialRefusal && answers.some((answer) => policy.allowListMatch(answer.address) === "none")) {
    throw specialRefusal;
  }
  return answers;
}
