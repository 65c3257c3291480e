import { type AddressPolicy, createAddressPolicy } from "../address-policy.ts";

/** Loopback targets allowed, as a self-hoster's allow-list would, so tests can check 127.0.0.1 servers. */
export function loopbackAddressPolicy(): AddressPolicy {
  return createAddressPolicy({ allow: ["127.0.0.1/32"] });
}
