export { loopbackAddressPolicy } from "./loopback-address-policy.ts";
export { forbiddenUrls } from "./ssrf-targets.ts";
