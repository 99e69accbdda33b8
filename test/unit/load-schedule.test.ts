import { describe, expect, it } from "vitest";
import { dueTimeMs, scheduledAmount, scheduledBy } from "../../src/clients/load/schedule.js";

describe("rate schedule without ramp", () => {
  const constant = { rate: 1000, rampFromRate: null, rampMs: 0 };

  it("issues rate × t requests", () => {
    expect(scheduledBy(constant, 0)).toBe(0);
    expect(scheduledBy(constant, 1)).toBe(1);
    expect(scheduledBy(constant, 2.5)).toBe(2);
    expect(scheduledBy(constant, 1000)).toBe(1000);
    expect(scheduledBy(constant, 10_000)).toBe(10_000);
  });

  it("does not lose a request to float rounding (3/s × 1000 ms = 3)", () => {
    const three = { rate: 3, rampFromRate: null, rampMs: 0 };
    expect(scheduledBy(three, 1000)).toBe(3);
    expect(scheduledBy(three, 1000 / 3)).toBe(1);
    expect(scheduledBy(three, 999)).toBe(2);
  });

  it("gives due times that are the inverse of the count", () => {
    const seven = { rate: 7, rampFromRate: null, rampMs: 0 };
    for (let n = 1; n <= 50; n += 1) {
      const due = dueTimeMs(seven, n);
      expect(scheduledBy(seven, due)).toBe(n);
      expect(scheduledBy(seven, due - 0.01)).toBe(n - 1);
    }
  });

  it("never schedules at rate 0", () => {
    const zero = { rate: 0, rampFromRate: null, rampMs: 0 };
    expect(scheduledBy(zero, 60_000)).toBe(0);
    expect(dueTimeMs(zero, 1)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("rate schedule with a linear ramp", () => {
  // 0 → 100/s over 1 s, then 100/s: 50 requests during the ramp (the triangle), then 100 per second.
  const ramp = { rate: 100, rampFromRate: 0, rampMs: 1000 };

  it("integrates the ramp exactly", () => {
    expect(scheduledAmount(ramp, 500)).toBeCloseTo(12.5, 9);
    expect(scheduledBy(ramp, 500)).toBe(12);
    expect(scheduledBy(ramp, 1000)).toBe(50);
    expect(scheduledBy(ramp, 2000)).toBe(150);
    expect(scheduledBy(ramp, 3500)).toBe(300);
  });

  it("ramps down too (200/s → 100/s over 2 s = 300 requests)", () => {
    const down = { rate: 100, rampFromRate: 200, rampMs: 2000 };
    expect(scheduledBy(down, 2000)).toBe(300);
    expect(scheduledBy(down, 1000)).toBe(175);
  });

  it("gives due times that invert the ramp", () => {
    expect(dueTimeMs(ramp, 50)).toBeCloseTo(1000, 6);
    expect(dueTimeMs(ramp, 150)).toBeCloseTo(2000, 6);
    for (let n = 1; n <= 200; n += 1) expect(scheduledBy(ramp, dueTimeMs(ramp, n))).toBe(n);
  });
});
