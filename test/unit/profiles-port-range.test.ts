import { describe, expect, it } from "vitest";
import { isPortlabError } from "../../src/core/errors.js";
import {
  parsePortRange,
  parseReservedPorts,
  portRangeSize,
  reservedPortsInRange,
  usablePorts,
} from "../../src/kernel/port-range.js";

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isPortlabError(error) ? error.code : "not a PortlabError";
  }
  return undefined;
}

describe("parsePortRange", () => {
  it("reads the kernel's tab form, the sysctl space form and the flag's dash form", () => {
    expect(parsePortRange("40000\t40999\n")).toEqual({ low: 40000, high: 40999 });
    expect(parsePortRange("32768 60999")).toEqual({ low: 32768, high: 60999 });
    expect(parsePortRange("1024-65535")).toEqual({ low: 1024, high: 65535 });
    expect(portRangeSize(parsePortRange("40000 40999"))).toBe(1000);
  });

  it("rejects malformed, reversed and out-of-range input as invalid input", () => {
    for (const text of ["", "40000", "a b", "40999 40000", "0 100", "1 70000", "1 2 3"]) {
      expect(
        codeOf(() => parsePortRange(text)),
        text,
      ).toBe("INVALID_PORT_RANGE");
    }
  });
});

describe("reserved ports", () => {
  it("parses lists of ports and ranges", () => {
    expect(parseReservedPorts("")).toEqual([]);
    expect(parseReservedPorts("40000-40010,40500\n")).toEqual([
      { low: 40000, high: 40010 },
      { low: 40500, high: 40500 },
    ]);
    expect(codeOf(() => parseReservedPorts("1-2-3"))).toBe("INVALID_PORT_RANGE");
  });

  it("counts only distinct reserved ports inside the range", () => {
    const range = { low: 40000, high: 40999 };
    expect(reservedPortsInRange(parseReservedPorts("40000-40010,40500"), range)).toBe(12);
    expect(reservedPortsInRange(parseReservedPorts("39990-40004,8080"), range)).toBe(5);
    expect(reservedPortsInRange(parseReservedPorts("40000-40010,40005-40020"), range)).toBe(21);
  });

  it("subtracts reserved and bound ports from the range size", () => {
    expect(usablePorts({ low: 40000, high: 40999 })).toBe(1000);
    expect(usablePorts({ low: 40000, high: 40999 }, "40000-40010,40500")).toBe(988);
    expect(usablePorts({ low: 40000, high: 40999 }, "40000-40010,40500", 8)).toBe(980);
    expect(usablePorts({ low: 32768, high: 60999 })).toBe(28232);
    expect(usablePorts({ low: 40000, high: 40001 }, "40000-40001", 5)).toBe(0);
  });
});
