import { describe, expect, it } from "vitest";
import { formatIPv4, ipVersion, parseIPv4, parseIPv6 } from "./ip-address.ts";

describe("IP address parsing", () => {
  it("parses strict dotted quads only", () => {
    expect(parseIPv4("127.0.0.1")).toBe(0x7f000001);
    expect(formatIPv4(0x7f000001)).toBe("127.0.0.1");
    for (const loose of ["0x7f.0.0.1", "0177.0.0.1", "127.1", "2130706433", "256.0.0.1", "1.2.3.4."]) {
      expect(parseIPv4(loose)).toBeUndefined();
    }
  });

  it("parses IPv6 with compression, embedded IPv4 and zones", () => {
    expect(parseIPv6("::1")).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6("::ffff:127.0.0.1")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIPv6("::ffff:7f00:1")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIPv6("fe80::1%eth0")).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6("2001:db8::")).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]);
    for (const bad of ["1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", ":::", "g::1", "1.2.3.4"]) {
      expect(parseIPv6(bad)).toBeUndefined();
    }
  });

  it("tells the version like net.isIP", () => {
    expect(ipVersion("10.0.0.1")).toBe(4);
    expect(ipVersion("::")).toBe(6);
    expect(ipVersion("example.com")).toBe(0);
  });
});
