import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "../../src/load/latency-histogram.js";
import { StatsRecorder, secondOf } from "../../src/load/stats-recorder.js";

describe("LatencyHistogram", () => {
  it("reports percentiles within the bucket error", () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms += 1) histogram.record(ms);
    const summary = histogram.summary();
    expect(summary).not.toBeNull();
    expect(summary!.p50).toBeGreaterThan(500 * 0.96);
    expect(summary!.p50).toBeLessThan(500 * 1.04);
    expect(summary!.p99).toBeGreaterThan(990 * 0.96);
    expect(summary!.p99).toBeLessThan(990 * 1.04);
    expect(summary!.max).toBe(1000);
  });

  it("is exact for sub-64 µs values and null when empty", () => {
    const histogram = new LatencyHistogram();
    expect(histogram.summary()).toBeNull();
    histogram.record(0.012);
    expect(histogram.percentile(50)).toBe(0.012);
  });
});

describe("StatsRecorder", () => {
  it("puts second t over (t-1, t]", () => {
    expect(secondOf(0)).toBe(1);
    expect(secondOf(1)).toBe(1);
    expect(secondOf(1000)).toBe(1);
    expect(secondOf(1000.5)).toBe(2);
  });

  it("buckets sent, outcomes, errors and first error times", () => {
    const recorder = new StatsRecorder();
    recorder.sent(10);
    recorder.sent(20);
    recorder.sent(1500);
    recorder.late(1500);
    recorder.dropped(1600);
    recorder.outcome({ error: null, latencyMs: 5, opened: true }, 30);
    recorder.outcome({ error: "EADDRNOTAVAIL", latencyMs: 0.1, opened: false }, 512);
    recorder.outcome({ error: "EADDRNOTAVAIL", latencyMs: 0.1, opened: false }, 1700);

    const first = recorder.takeSecond(1);
    expect(first).toMatchObject({
      t: 1,
      sent: 2,
      ok: 1,
      opened: 1,
      late: 0,
      dropped: 0,
      errors: { EADDRNOTAVAIL: 1 },
    });
    expect(first.latencyMs?.p50).toBe(5);
    const second = recorder.takeSecond(2);
    expect(second).toMatchObject({ t: 2, sent: 1, ok: 0, late: 1, dropped: 1, errors: { EADDRNOTAVAIL: 1 } });
    expect(second.latencyMs).toBeNull();

    const totals = recorder.totalsSoFar();
    expect(totals).toMatchObject({ sent: 3, ok: 1, failed: 2, late: 1, dropped: 1, opened: 1 });
    expect(totals.errors).toEqual({ EADDRNOTAVAIL: 2 });
    expect(totals.firstErrorMs).toEqual({ EADDRNOTAVAIL: 512 });
  });

  it("moves what arrives for an already reported second into the next one", () => {
    const recorder = new StatsRecorder();
    recorder.takeSecond(1);
    recorder.outcome({ error: null, latencyMs: 1, opened: false }, 999);
    expect(recorder.lastPendingSecond()).toBe(2);
    expect(recorder.takeSecond(2).ok).toBe(1);
  });
});
