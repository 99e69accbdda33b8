import { describe, expect, it } from "vitest";
import {
  constantRateExhaustionMs,
  portSpace,
  sustainableRate,
  sustainableRateWithTimeWaitCap,
  TIME_WAIT_MS,
  timeWaitReuseApplies,
} from "../../src/kernel/model-formulas.js";

describe("model formulas", () => {
  it("uses T = 60 s TIME_WAIT + 1 s timer slack", () => {
    expect(TIME_WAIT_MS).toBe(61_000);
  });

  it("sustains P / (L + T): 28,232 default ports → ~463 conn/s, 1,000 ports → ~16 conn/s", () => {
    expect(sustainableRate(28_232, 1 + 61_000)).toBeCloseTo(462.81, 2);
    expect(sustainableRate(1_000, 1 + 61_000)).toBeCloseTo(16.39, 2);
    // tcp_tw_reuse=1: the cycle is L + 1 s
    expect(sustainableRate(1_000, 1 + 1_000)).toBeCloseTo(999.0, 1);
  });

  it("exhausts a constant rate after P / r only when r × cycle exceeds P", () => {
    expect(constantRateExhaustionMs(1_000, 2_000, 61_001)).toBe(500);
    expect(constantRateExhaustionMs(1_000, 17, 61_001)).toBeCloseTo(58_823.5, 1);
    expect(constantRateExhaustionMs(1_000, 16, 61_001)).toBeNull();
    expect(constantRateExhaustionMs(1_000, 500, 1_001)).toBeNull();
    expect(constantRateExhaustionMs(1_000, 0, 61_001)).toBeNull();
  });

  it("multiplies the port space by sources, and by destinations only without bind-before-connect", () => {
    expect(portSpace(1_000, 1, 1, false)).toBe(1_000);
    expect(portSpace(1_000, 1, 4, false)).toBe(4_000);
    expect(portSpace(1_000, 4, 1, true)).toBe(4_000);
    expect(portSpace(1_000, 4, 4, true)).toBe(4_000);
    expect(portSpace(1_000, 4, 4, false)).toBe(16_000);
  });

  it("lets TIME_WAIT reuse happen only with reuse on, timestamps on both ends, and no bind", () => {
    const base = {
      twReuse: 1,
      topology: "veth",
      clientTimestamps: true,
      serverTimestamps: true,
      bindsBeforeConnect: false,
    } as const;
    expect(timeWaitReuseApplies(base)).toBe(true);
    expect(timeWaitReuseApplies({ ...base, twReuse: 0 })).toBe(false);
    expect(timeWaitReuseApplies({ ...base, twReuse: 2 })).toBe(false);
    expect(timeWaitReuseApplies({ ...base, twReuse: 2, topology: "loopback" })).toBe(true);
    expect(timeWaitReuseApplies({ ...base, clientTimestamps: false })).toBe(false);
    expect(timeWaitReuseApplies({ ...base, serverTimestamps: false })).toBe(false);
    expect(timeWaitReuseApplies({ ...base, bindsBeforeConnect: true })).toBe(false);
  });

  it("with tcp_max_tw_buckets below P, only in-flight connections compete for P - B ports", () => {
    expect(sustainableRateWithTimeWaitCap(1_000, 1, 61_000, 256)).toBe(744_000);
    expect(sustainableRateWithTimeWaitCap(1_000, 400, 61_000, 256)).toBe(1_860);
    expect(sustainableRateWithTimeWaitCap(1_000, 1, 61_000, 131_072)).toBeCloseTo(16.39, 2);
  });
});
