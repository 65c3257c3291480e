import { describe, expect, it } from "vitest";
import { resolveVettedAddresses, vetAddress } from "../src/address-guard.ts";
import { createAddressPolicy, type LookupAll } from "../src/address-policy.ts";
import { AddressNotAllowedError, HostResolutionError } from "../src/check-errors.ts";
import { classifyAddress } from "../src/classify-address.ts";

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
    const policy = createAddressPolicy({ lookup: table({ "internal.example.com": ["10.0.0.5"] }) });
    await expect(resolveVettedAddresses("internal.example.com", policy)).rejects.toThrow(
      "internal.example.com resolves to 10.0.0.5, a private address: not allowed",
    );
  });

  it("refuses a name that hides one private address among public ones", async () => {
    const policy = createAddressPolicy({
      lookup: table({ "mixed.example.com": ["93.184.215.14", "::ffff:169.254.169.254"] }),
    });
    const error = await resolveVettedAddresses("mixed.example.com", policy).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AddressNotAllowedError);
    expect(error).toMatchObject({ code: "BAD_REQUEST", refusal: "cloud_metadata", address: "::ffff:169.254.169.254" });
  });

  it("refuses localhost, whatever the system resolver would answer", async () => {
    await expect(resolveVettedAddresses("localhost", createAddressPolicy())).rejects.toMatchObject({
      refusal: "loopback",
    });
  });

  it("every refused address says which MONITOR_ADDRESS_ALLOWLIST entry would allow it", async () => {
    expect(() => vetAddress("10.0.0.1", strict)).toThrow(
      "10.0.0.1 is a private address: not allowed unless MONITOR_ADDRESS_ALLOWLIST lists it (10.0.0.1, or a CIDR range around it)",
    );
    expect(() => vetAddress("127.0.0.1", strict)).toThrow(
      /127\.0\.0\.1 is a loopback address: .*MONITOR_ADDRESS_ALLOWLIST/,
    );
    expect(() => vetAddress("169.254.169.254", strict)).toThrow(
      "169.254.169.254 is a cloud metadata address: not allowed unless MONITOR_ADDRESS_ALLOWLIST lists this exact address (169.254.169.254)",
    );
    const policy = createAddressPolicy({ lookup: table({ "internal.example.com": ["10.0.0.5"] }) });
    await expect(resolveVettedAddresses("internal.example.com", policy)).rejects.toThrow(
      "internal.example.com resolves to 10.0.0.5, a private address: not allowed unless MONITOR_ADDRESS_ALLOWLIST lists it (internal.example.com or 10.0.0.5, or a CIDR range around it)",
    );
    await expect(resolveVettedAddresses("metadata.google.internal", strict)).rejects.toThrow(
      /MONITOR_ADDRESS_ALLOWLIST/,
    );
  });

  it("a check result's reason stays the short refusal, without the allow-list advice", () => {
    const error = new AddressNotAllowedError("private", "10.0.0.1", "10.0.0.1");
    expect(error.reason).toBe("10.0.0.1 is a private address: not allowed");
  });

  it("refuses cloud metadata host names by name", async () => {
    await expect(resolveVettedAddresses("metadata.google.internal", strict)).rejects.toThrow(
      "metadata.google.internal is a cloud metadata host: not allowed",
    );
  });

  it("returns every vetted address of a public name, and unwraps bracketed IPv6 literals", async () => {
    const policy = createAddressPolicy({
      lookup: table({ "public.example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"] }),
    });
    expect(await resolveVettedAddresses("public.example.com", policy)).toHaveLength(2);
    expect(await resolveVettedAddresses("[2606:4700:4700::1111]", strict)).toEqual([
      { address: "2606:4700:4700::1111", family: 6 },
    ]);
  });

  it("reports a name that does not resolve", async () => {
    const policy = createAddressPolicy({ lookup: table({}) });
    const error = await resolveVettedAddresses("nowhere.example.com", policy).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HostResolutionError);
    expect((error as Error).message).toBe("host nowhere.example.com not found");
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

  it("matches allow-list entries whichever way an IPv4 address is spelled (dotted or IPv4-mapped IPv6)", () => {
    const policy = createAddressPolicy({ allow: ["127.0.0.1/32", "::ffff:10.0.0.0/104", "169.254.169.254/32"] });
    expect(() => vetAddress("::ffff:127.0.0.1", policy)).not.toThrow();
    expect(() => vetAddress("::ffff:7f00:1", policy)).not.toThrow();
    expect(() => vetAddress("10.9.8.7", policy)).not.toThrow();
    expect(() => vetAddress("::ffff:a9fe:a9fe", policy)).not.toThrow(); // still an exact entry
    expect(() => vetAddress("::ffff:127.0.0.2", policy)).toThrow(AddressNotAllowedError);
    // Only the mapped form is the same host: NAT64 and IPv4-compatible spellings stay refused.
    expect(() => vetAddress("64:ff9b::7f00:1", policy)).toThrow(AddressNotAllowedError);
    expect(() => vetAddress("::127.0.0.1", policy)).toThrow(AddressNotAllowedError);
  });

  it("refuses localhost and *.localhost names as loopback without resolving them, and says how to allow them", async () => {
    for (const name of ["localhost", "LOCALHOST.", "localhost..", "api.localhost", "a.b.localhost."]) {
      const error = await resolveVettedAddresses(name, strict).catch((caught: unknown) => caught);
      expect(error, name).toBeInstanceOf(AddressNotAllowedError);
      expect(error, name).toMatchObject({ refusal: "loopback", address: null });
    }
    await expect(resolveVettedAddresses("api.localhost", strict)).rejects.toThrow(
      "api.localhost is a loopback name, not a public host: not allowed unless MONITOR_ADDRESS_ALLOWLIST lists it (api.localhost or 127.0.0.1/32)",
    );
    const loopbackAllowed = createAddressPolicy({ allow: ["127.0.0.1/32"], lookup: noLookup });
    expect(await resolveVettedAddresses("api.localhost", loopbackAllowed)).toEqual([
      { address: "127.0.0.1", family: 4 },
    ]);
    // A name that merely ends in "localhost" is an ordinary name.
    const ordinary = createAddressPolicy({ lookup: table({ "notlocalhost.com": ["93.184.215.14"] }) });
    await expect(resolveVettedAddresses("notlocalhost.com", ordinary)).resolves.toHaveLength(1);
  });

  it("refuses special-use names (.local, .internal, .home.arpa, .test, ...) without resolving them", async () => {
    for (const name of [
      "printer.local",
      "db.internal",
      "router.home.arpa",
      "x.test",
      "x.invalid",
      "www.example",
      "a.onion",
      "nas.lan",
    ]) {
      const error = await resolveVettedAddresses(name, strict).catch((caught: unknown) => caught);
      expect(error, name).toMatchObject({ refusal: "special_use", address: null });
    }
    await expect(resolveVettedAddresses("db.internal", strict)).rejects.toThrow(
      "db.internal is a special-use name (.internal), not a public host: not allowed unless MONITOR_ADDRESS_ALLOWLIST lists it (db.internal or *.internal)",
    );
    // example.com is an ordinary public name.
    const ordinary = createAddressPolicy({ lookup: table({ "www.example.com": ["93.184.215.14"] }) });
    await expect(resolveVettedAddresses("www.example.com", ordinary)).resolves.toHaveLength(1);
  });

  it("allows a special-use name the allow-list names, or whose every address it allows", async () => {
    const policy = createAddressPolicy({
      allow: ["*.internal", "10.0.0.0/8"],
      lookup: table({ "db.internal": ["10.1.1.1"], "nas.local": ["10.2.2.2"], "public.local": ["93.184.215.14"] }),
    });
    await expect(resolveVettedAddresses("db.internal", policy)).resolves.toEqual([{ address: "10.1.1.1", family: 4 }]);
    await expect(resolveVettedAddresses("nas.local", policy)).resolves.toHaveLength(1);
    // A public answer does not make a special-use name public: it is not allow-listed, so it is refused.
    await expect(resolveVettedAddresses("public.local", policy)).rejects.toMatchObject({ refusal: "special_use" });
    // Nor does a name that does not resolve: there is no address the list could allow it by.
    await expect(resolveVettedAddresses("gone.local", policy)).rejects.toMatchObject({ refusal: "special_use" });
  });

  it("rejects a malformed allow-list entry at start-up", () => {
    expect(() => createAddressPolicy({ allow: ["10.0.0.0/33"] })).toThrow(/allow-list entry "10.0.0.0\/33"/);
    expect(() => createAddressPolicy({ allow: ["http://x"] })).toThrow(/allow-list entry/);
  });
});
