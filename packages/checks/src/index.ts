export { resolveVettedAddresses, vetAddress } from "./address-guard.ts";
export {
  type AddressPolicy,
  type AddressPolicyOptions,
  createAddressPolicy,
  type LookupAll,
  type ResolvedAddress,
} from "./address-policy.ts";
export {
  AddressNotAllowedError,
  type AddressRefusal,
  CheckCancelledError,
  CheckTimeoutError,
  HostResolutionError,
  RedirectError,
  TlsVerificationError,
} from "./check-errors.ts";
export { type CheckOptions, DEFAULT_USER_AGENT } from "./check-options.ts";
export { classifyAddress } from "./classify-address.ts";
export { dnsCheck } from "./dns-check.ts";
export { httpCheck } from "./http-check.ts";
export { runCheck } from "./run-check.ts";
export { tcpCheck } from "./tcp-check.ts";
