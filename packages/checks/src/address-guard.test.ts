import { describe, expect, it } from "vitest";
import { resolveVettedAddresses, vetAddress } from "./address-guard.ts";
import { createAddressPolicy, type LookupAll } from "./address-policy.ts";
import { AddressNotAllowedError, HostResolutionError } from "./check-errors.ts";
import { classifyAddress } from "./classify-address.ts";

function table(answers: Record<string, string[]>): LookupAll {
  return async (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
}

const noLookup: LookupAll = async () => {
  throw new Error("the guard must not resolve this");
};

describe("address classification", () => {
  const cases: Array<[string, string | null]> = [
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"],
    ["169.254.1.1", "link_local"],
    ["fe80::1", "link_local"],
    ["fe80::1%eth0", "link_local"],
    ["169.254.169.254", "cloud_metadata"],
    ["fd00:ec2::254", "cloud_metadata"],
    ["100.100.100.200", "cloud_metadata"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["0.1.2.3", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["2001:db8::1", "reserved"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved"], // Teredo
    ["fc00::1", "unique_local"],
    ["fd12:3456::1", "unique_local"],
    // IPv4 inside IPv6: mapped (both spellings), compatible, translated, NAT64, 6to4.
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:a9fe:a9fe", "cloud_metadata"],
    ["::127.0.0.1", "loopback"],
    ["::8.8.8.8", "reserved"],
    ["::ffff:0:127.0.0.1", "loopback"],
    ["64:ff9b::7f00:1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "cloud_metadata"],
    ["64:ff9b:1::1", "reserved"],
    ["2002:7f00:1::1", "loopback"],
    ["2002:c0a8:101::1", "private"],
    // Public addresses pass.
    ["8.8.8.8", null],
    ["1.1.1.1", null],
    ["100.128.0.1", null],
    ["172.32.0.1", null],
    ["::ffff:8.8.8.8", null],
    ["64:ff9b::808:808", null],
    ["2606:4700:4700::1111", null],
  ];
  it.each(cases)("classifies %s as %s", (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe("address guard", () => {
  const strict = createAddressPolicy({ lookup: noLookup });

  it("refuses an IP literal without resolving anything, naming the reason", () => {
    expect(() => vetAddress("10.0.0.1", strict)).toThrow("10.0.0.1 is a private address: not allowed");
    expect(() => vetAddress("::ffff:127.0.0.1", strict)).toThrow(AddressNotAllowedError);
    expect(() => vetAddress("93.184.215.14", strict)).not.toThrow();
  });

  it("refuses a host name that resolves to a private address", async () => {
    const policy = createAddressPolicy({ lookup: table({ "internal.example": ["10.0.0.5"] }) });
    await expect(resolveVettedAddresses("internal.example", policy)).rejects.toThrow(
      "internal.example resolves to 10.0.0.5, a private address: not allowed",
    );
  });

  it("refuses a name that hides one private address among public ones", async () => {
    const policy = createAddressPolicy({
      lookup: table({ "mixed.example": ["93.184.215.14", "::ffff:169.254.169.254"] }),
    });
    const error = await resolveVettedAddresses("mixed.example", policy).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AddressNotAllowedError);
    expect(error).toMatchObject({ code: "BAD_REQUEST", refusal: "cloud_metadata", address: "::ffff:169.254.169.254" });
  });

  it("refuses localhost as resolved by the system", async () => {
    await expect(resolveVettedAddresses("localhost", createAddressPolicy())).rejects.toMatchObject({
      refusal: "loopback",
    });
  });

  it("refuses cloud metadata host names by name", async () => {
    await expect(resolveVettedAddresses("metadata.google.internal", strict)).rejects.toThrow(
      "metadata.google.internal is a cloud metadata host: not allowed",
    );
  });

  it("returns every vetted address of a public name, and unwraps bracketed IPv6 literals", async () => {
    const policy = createAddressPolicy({
      lookup: table({ "public.example": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"] }),
    });
    expect(await resolveVettedAddresses("public.example", policy)).toHaveLength(2);
    expect(await resolveVettedAddresses("[2606:4700:4700::1111]", strict)).toEqual([
      { address: "2606:4700:4700::1111", family: 6 },
    ]);
  });

  it("reports a name that does not resolve", async () => {
    const policy = createAddressPolicy({ lookup: table({}) });
    const error = await resolveVettedAddresses("nowhere.invalid", policy).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HostResolutionError);
    expect((error as Error).message).toBe("host nowhere.invalid not found");
  });

  it("lets self-hosters allow CIDRs, addresses and host names", async () => {
    const policy = createAddressPolicy({
      allow: ["127.0.0.1/32", "10.20.0.0/16", "fd00:1::/32", "status.intranet", "*.corp.example"],
      lookup: table({
        "status.intranet": ["192.168.7.7"],
        "app.corp.example": ["172.16.9.9"],
        "other.intranet": ["192.168.7.8"],
      }),
    });
    expect(() => vetAddress("127.0.0.1", policy)).not.toThrow();
    expect(() => vetAddress("127.0.0.2", policy)).toThrow(AddressNotAllowedError);
    expect(() => vetAddress("10.20.3.4", policy)).not.toThrow();
    expect(() => vetAddress("10.21.0.1", policy)).toThrow(AddressNotAllowedError);
    expect(() => vetAddress("fd00:1::5", policy)).not.toThrow();
    await expect(resolveVettedAddresses("status.intranet", policy)).resolves.toHaveLength(1);
    await expect(resolveVettedAddresses("app.corp.example", policy)).resolves.toHaveLength(1);
    await expect(resolveVettedAddresses("other.intranet", policy)).rejects.toThrow(AddressNotAllowedError);
  });

  it("allows a cloud metadata address only by its exact entry", () => {
    expect(() => vetAddress("169.254.169.254", createAddressPolicy({ allow: ["169.254.0.0/16"] }))).toThrow(
      AddressNotAllowedError,
    );
    expect(() => vetAddress("169.254.10.10", createAddressPolicy({ allow: ["169.254.0.0/16"] }))).not.toThrow();
    expect(() => vetAddress("169.254.169.254", createAddressPolicy({ allow: ["169.254.169.254/32"] }))).not.toThrow();
  });

  it("rejects a malformed allow-list entry at start-up", () => {
    expect(() => createAddressPolicy({ allow: ["10.0.0.0/33"] })).toThrow(/allow-list entry "10.0.0.0\/33"/);
    expect(() => createAddressPolicy({ allow: ["http://x"] })).toThrow(/allow-list entry/);
  });
});
