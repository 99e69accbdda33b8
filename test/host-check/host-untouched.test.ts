import { describe, expect, inject, it } from "vitest";
import { hostIpv4Sysctls, portlabLeftovers } from "../support/host-state.js";
import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

// Runs after the unit and privileged tests (its project's groupOrder): the whole suite left the host as it was.
describe.runIf(enabled)("after the whole test suite", () => {
  it("left the host's /proc/sys/net/ipv4 values unchanged", () => {
    const before = inject("hostSysctlsBefore");
    expect(Object.keys(before).length).toBeGreaterThan(50);
    expect(hostIpv4Sysctls()).toEqual(before);
  });

  it("left no portlab namespace, veth, nginx or temp dir behind", () => {
    expect(portlabLeftovers()).toEqual([]);
  });
});
