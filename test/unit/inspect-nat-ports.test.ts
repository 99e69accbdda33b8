import { describe, expect, it } from "vitest";
import { MAX_NAT_PORTS, parseNatPorts } from "../../src/cli/inspect-command.js";
import { PortlabError } from "../../src/core/errors.js";
import { diagnose } from "../../src/inspect/diagnose.js";
import { renderText } from "../../src/inspect/render-text.js";
import { fixtureReading, fixtureValues } from "../support/inspect-fixture.js";

// The recorded client namespace of inspect-diagnose.test.ts: 250 TIME_WAIT toward 198.18.0.1:8080 at 43.5/s.
const target = { kind: "netns", name: "client" } as const;

function refusal(text: string): PortlabError {
  try {
    parseNatPorts(text);
  } catch (error) {
    if (error instanceof PortlabError) return error;
    throw error;
  }
  throw new Error(`--nat-ports ${text} was accepted`);
}

describe("inspect --nat-ports", () => {
  it("parses a whole number of ports, 1 to 1,048,576; absent means the local range", () => {
    expect(parseNatPorts(undefined)).toBeNull();
    expect(parseNatPorts("1024")).toBe(1024);
    expect(parseNatPorts(" 64 ")).toBe(64);
    expect(parseNatPorts(String(MAX_NAT_PORTS))).toBe(MAX_NAT_PORTS);
  });

  it("refuses anything else with one message naming the flag and the fix", () => {
    for (const bad of ["", "0", "-1", "1.5", "1e3", "0x400", "1024 ports", "1048577", "99999999"]) {
      const error = refusal(bad);
      expect(error.code).toBe("INVALID_NAT_PORTS");
      expect(error.message).toContain(`--nat-ports ${JSON.stringify(bad)} is not a number of ports`);
      expect(error.hint).toMatch(/--nat-ports 1024/);
    }
  });

  it("judges each pair against the gateway's budget: 250 held of 300 runs out in 50 / 43.5 s", () => {
    const report = diagnose(fixtureReading(1), fixtureReading(2), fixtureValues, target, { natPorts: 300 });
    expect(report.natPorts).toBe(300);
    const busy = report.destinations.find((d) => d.remote === "198.18.0.1:8080");
    expect(busy).toMatchObject({ portsInUse: 250, portsLeft: 50, changes: [] });
    expect(busy?.exhaustsInS).toBeCloseTo(50 / (50 / 1.149), 1);
    expect(busy?.sustainablePerSec).toBeCloseTo(300 / 61.001, 1);
    const text = renderText(report, "netns client");
    expect(text).toContain("NAT gateway: 300 SNAT ports per destination for this node (--nat-ports)");
    expect(text).toMatch(/^at the gateway: pool connections/m);
  });

  it("a budget larger than what a pair holds leaves the local verdict's shape: holds", () => {
    const local = diagnose(fixtureReading(1), fixtureReading(2), fixtureValues, target);
    expect(local.natPorts).toBeNull();
    const wide = diagnose(fixtureReading(1), fixtureReading(2), fixtureValues, target, { natPorts: 64_512 });
    const busy = wide.destinations.find((d) => d.remote === "198.18.0.1:8080");
    expect(busy).toMatchObject({ portsInUse: 250, portsLeft: 64_262, exhaustsInS: null });
  });
});
