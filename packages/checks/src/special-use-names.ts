/**
 * Host names that never name a public service, so a monitor of one reaches something private whatever a
 * resolver answers for it:
 * - `localhost` and every `*.localhost` name are loopback (RFC 6761 §6.3); they are never sent to DNS.
 * - `.local` (mDNS, RFC 6762), `.home.arpa` (home networks, RFC 8375), `.internal` (ICANN's private-use
 *   TLD, 2024), `.test`, `.invalid` and `.example` (RFC 6761 / RFC 2606), `.onion` (RFC 7686), `.alt`
 *   (RFC 9476), and the de-facto private `.localdomain`, `.lan`, `.home` and `.corp` (never delegated:
 *   ICANN's name-collision list) are special-use: refused unless the allow-list allows them.
 * `example.com`, `.org` and `.net` are ordinary public names (they resolve on the internet) and pass.
 */
const SPECIAL_USE_SUFFIXES = [
  "local",
  "internal",
  "home.arpa",
  "test",
  "invalid",
  "example",
  "onion",
  "alt",
  "localdomain",
  "lan",
  "home",
  "corp",
] as const;

export type SpecialUseName = { kind: "loopback" } | { kind: "special_use"; suffix: string };

function isUnder(name: string, suffix: string): boolean {
  return name === suffix || name.endsWith(`.${suffix}`);
}

/** What a (lower-case, bracket- and trailing-dot-free) host name is, when it is a special-use name. */
export function specialUseName(name: string): SpecialUseName | undefined {
  if (isUnder(name, "localhost")) return { kind: "loopback" };
  const suffix = SPECIAL_USE_SUFFIXES.find((candidate) => isUnder(name, candidate));
  return suffix ? { kind: "special_use", suffix } : undefined;
}
