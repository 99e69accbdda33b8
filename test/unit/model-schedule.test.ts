import { describe, expect, it } from "vitest";
import {
  arrivalsBy,
  portsHeldAt,
  type RateSchedule,
  scheduleExhaustionMs,
  scheduleFromLoad,
} from "../../src/kernel/model-schedule.js";

function constant(rate: number, durationMs = 10_000, maxRequests = 1e9): RateSchedule {
  return { fromRate: rate, toRate: rate, rampMs: 0, durationMs, maxRequests };
}

describe("arrival schedule", () => {
  it("integrates a constant rate and a linear ramp", () => {
    expect(arrivalsBy(constant(2_000), 500)).toBe(1_000);
    const ramp: RateSchedule = {
      fromRate: 0,
      toRate: 2_000,
      rampMs: 1_000,
      durationMs: 5_000,
      maxRequests: 1e9,
    };
    expect(arrivalsBy(ramp, 500)).toBe(250);
    expect(arrivalsBy(ramp, 1_000)).toBe(1_000);
    expect(arrivalsBy(ramp, 2_000)).toBe(3_000);
    expect(arrivalsBy(ramp, 9_000)).toBe(9_000); // cut at the duration
    expect(arrivalsBy(constant(2_000, 10_000, 900), 1_000)).toBe(900);
  });

  it("builds a schedule from the scenario's load", () => {
    const load = {
      mode: "rate",
      rate: 3_000,
      rampFromRate: 1_000,
      rampMs: 2_000,
      durationMs: 10_000,
      maxRequests: 50_000,
      requestTimeoutMs: 2_000,
      maxInFlight: 256,
    } as const;
    expect(scheduleFromLoad(load)).toEqual({
      fromRate: 1_000,
      toRate: 3_000,
      rampMs: 2_000,
      durationMs: 10_000,
      maxRequests: 50_000,
    });
    expect(scheduleFromLoad({ ...load, rampFromRate: null }).rampMs).toBe(0);
  });

  it("counts in-flight plus TIME_WAIT ports, the latter capped", () => {
    // 1,000/s for 100 s, L = 1 ms, T = 61 s: Little's law, 1,000 × 61.001 s
    expect(portsHeldAt(constant(1_000, 100_000), 100_000, 1, 61_000)).toBeCloseTo(61_001, 6);
    expect(portsHeldAt(constant(1_000, 100_000), 100_000, 1, 61_000, 256)).toBeCloseTo(257, 6);
  });
});

describe("exhaustion time", () => {
  it("1,000 ports at 2,000/s run out after 500 ms", () => {
    expect(scheduleExhaustionMs(constant(2_000), 1_000, 1, 61_000)).toBeCloseTo(500, 3);
  });

  it("a ramp 0 → 2,000/s over 1 s reaches 1,000 arrivals at t² / 1000 = 1000, t = 1 s", () => {
    const ramp: RateSchedule = {
      fromRate: 0,
      toRate: 2_000,
      rampMs: 1_000,
      durationMs: 5_000,
      maxRequests: 1e9,
    };
    expect(scheduleExhaustionMs(ramp, 1_000, 1, 61_000)).toBeCloseTo(1_000, 3);
  });

  it("a ramp 1,000 → 3,000/s over 2 s: t + t²/2000 = 1000, t = 732.05 ms", () => {
    const ramp: RateSchedule = {
      fromRate: 1_000,
      toRate: 3_000,
      rampMs: 2_000,
      durationMs: 5_000,
      maxRequests: 1e9,
    };
    expect(scheduleExhaustionMs(ramp, 1_000, 1, 61_000)).toBeCloseTo(732.05, 1);
  });

  it("with tw_reuse (cycle 1.001 s) 500/s never exhausts 1,000 ports, 1,500/s does after 667 ms", () => {
    expect(scheduleExhaustionMs(constant(500), 1_000, 1, 1_000)).toBeNull();
    expect(scheduleExhaustionMs(constant(1_500), 1_000, 1, 1_000)).toBeCloseTo(666.67, 1);
  });

  it("stops at the end of the run and at maxRequests", () => {
    expect(scheduleExhaustionMs(constant(2_000, 400), 1_000, 1, 61_000)).toBeNull();
    expect(scheduleExhaustionMs(constant(2_000, 10_000, 900), 1_000, 1, 61_000)).toBeNull();
  });

  it("with TIME_WAIT capped at 256, only slow connections can exhaust", () => {
    expect(scheduleExhaustionMs(constant(2_000), 1_000, 1, 61_000, 256)).toBeNull();
    // L = 300 ms: 600 in flight + 256 in TIME_WAIT < 1,000
    expect(scheduleExhaustionMs(constant(2_000), 1_000, 300, 61_000, 256)).toBeNull();
    // L = 450 ms: 900 in flight + up to 256 TIME_WAIT; first closes at 450 ms, 1,000 held at 500 ms
    expect(scheduleExhaustionMs(constant(2_000), 1_000, 450, 61_000, 256)).toBeCloseTo(500, 3);
  });
});
